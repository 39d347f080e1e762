import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';

const CONNECT_TIMEOUT_MS = 15_000;
const TYPE_PREFIX = Buffer.from('{"type":"');

/**
 * The frame's type without parsing it: the server writes `type` first, so the
 * bench reads it straight from the bytes and skips JSON.parse for frames it
 * only counts. Falls back to a full parse if the layout ever changes.
 */
export function frameType(data: Buffer): string {
  let prefixed = data.length > TYPE_PREFIX.length;
  for (let i = 0; prefixed && i < TYPE_PREFIX.length; i++) prefixed = data[i] === TYPE_PREFIX[i];
  if (prefixed) {
    const end = data.indexOf(34, TYPE_PREFIX.length);
    if (end > 0) return data.toString('latin1', TYPE_PREFIX.length, end);
  }
  const frame = JSON.parse(data.toString('utf8')) as { type?: unknown };
  return typeof frame.type === 'string' ? frame.type : '';
}

export interface Link {
  /** Queues a text frame; frames sent in one tick leave in one write. */
  send(text: string): void;
  /** Closes the socket and resolves once it is closed. */
  close(): Promise<void>;
}

export interface LinkHandlers {
  /** Every frame after `synced`, with its type read cheaply. */
  frame(type: string, data: Buffer): void;
  /** The socket closed without the bench asking. */
  lost?(code: number, reason: string): void;
}

/**
 * Opens a WebSocket as a device, says hello, and resolves once the server has
 * replayed what was pending (`synced`); from then on every frame goes to
 * `handlers.frame`. Raw ws and JSON: no SDK, so the bench client stays lean.
 */
export function openLink(wsUrl: string, token: string, handlers: LinkHandlers): Promise<Link> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, {
      headers: { authorization: `Bearer ${token}` },
      perMessageDeflate: false,
      // The server sends valid UTF-8; validating it again only costs the client CPU.
      skipUTF8Validation: true,
    });
    let socket: Socket | undefined;
    let corked = false;
    let live = false;
    let closing = false;
    const uncork = () => {
      corked = false;
      socket?.uncork();
    };
    const link: Link = {
      send(text) {
        if (!corked && socket) {
          corked = true;
          socket.cork();
          process.nextTick(uncork);
        }
        ws.send(text);
      },
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
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('websocket handshake timed out'));
    }, CONNECT_TIMEOUT_MS);

    ws.on('upgrade', (response: IncomingMessage) => {
      socket = response.socket as Socket;
    });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', v: 1, id: 'h' })));
    ws.on('message', (data: Buffer) => {
      if (live) return handlers.frame(frameType(data), data);
      const type = frameType(data);
      if (type === 'synced') {
        live = true;
        clearTimeout(timer);
        resolve(link);
      } else if (type === 'error') {
        clearTimeout(timer);
        ws.terminate();
        reject(new Error(`hello refused: ${data.toString('utf8')}`));
      }
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      if (!live) reject(err);
    });
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      if (!live) reject(new Error(`websocket closed during hello: ${code} ${reason.toString()}`));
      else if (!closing) handlers.lost?.(code, reason.toString());
    });
  });
}
