import WebSocket from 'ws';
import { frameType } from './ws-client.js';

/**
 * A device's WebSocket for the connection scenarios (idle, reconnect): like
 * ws-client's openLink, but it can bind a source address (one address has
 * only ~28k ephemeral ports towards one server port) and hands over every
 * frame from the first one, the replay before `synced` included.
 */

export interface DeviceLinkOptions {
  /** Source address to bind, e.g. 127.0.0.2 (all of 127/8 is loopback on Linux). */
  localAddress?: string;
  /** Every frame after `welcome`: the replay, `synced`, then live traffic. */
  frame?(type: string, data: Buffer): void;
  /** The socket closed without the bench asking (after `synced`). */
  lost?(code: number, reason: string): void;
  /** Handshake, hello and replay must finish within this (default 60 s). */
  timeoutMs?: number;
}

export interface DeviceLink {
  send(text: string): void;
  /** Closes the socket and resolves once it is closed (terminated after 2 s). */
  close(): Promise<void>;
}

/** Opens a device's socket, says hello, and resolves at `synced`, once the replay is over. */
export function openDevice(wsUrl: string, token: string, options: DeviceLinkOptions = {}): Promise<DeviceLink> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, {
      headers: { authorization: `Bearer ${token}` },
      perMessageDeflate: false,
      skipUTF8Validation: true,
      ...(options.localAddress && { localAddress: options.localAddress }),
    });
    let live = false;
    let closing = false;
    const link: DeviceLink = {
      send: (text) => ws.send(text),
      close() {
        closing = true;
        if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
        return new Promise((done) => {
          ws.once('close', () => done());
          ws.close(1000, 'bench done');
          setTimeout(() => ws.terminate(), 2000).unref();
        });
      },
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      if (!live) reject(error);
    };
    const timer = setTimeout(() => {
      ws.terminate();
      fail(new Error('handshake, hello or replay timed out'));
    }, options.timeoutMs ?? 60_000);

    ws.on('open', () => ws.send('{"type":"hello","v":1,"id":"h"}'));
    ws.on('message', (data: Buffer) => {
      const type = frameType(data);
      if (type === 'welcome') return;
      if (!live && type === 'error') {
        ws.terminate();
        return fail(new Error(`hello refused: ${data.toString('utf8').slice(0, 200)}`));
      }
      options.frame?.(type, data);
      if (type === 'synced' && !live) {
        live = true;
        clearTimeout(timer);
        resolve(link);
      }
    });
    ws.on('error', (error) => fail(error));
    ws.on('close', (code, reason) => {
      if (!live) fail(new Error(`closed before synced: ${code} ${reason.toString()}`));
      else if (!closing) options.lost?.(code, reason.toString());
    });
  });
}
