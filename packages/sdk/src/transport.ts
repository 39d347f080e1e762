/** The slice of the WebSocket API the client uses; the browser's WebSocket and `ws` both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

export const OPEN = 1;

/** The platform's WebSocket (browsers, Node 22+). Node 20 passes `nodeSocket` from '@pigeon/sdk/node'. */
export const defaultSocket: SocketFactory = (url) => {
  const Ctor = (globalThis as { WebSocket?: new (url: string) => SocketLike }).WebSocket;
  if (!Ctor) throw new Error('No global WebSocket here: pass `socket` (Node 20: import { nodeSocket } from "@pigeon/sdk/node").');
  return new Ctor(url);
};

/** The ws:// or wss:// address of a server's realtime endpoint, from its http(s) base URL. */
export function realtimeUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/^http/, 'ws')}/ws`;
}
