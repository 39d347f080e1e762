import WebSocket from 'ws';
import type { SocketFactory, SocketLike } from './transport.js';

/** A socket factory for Node 20, which has no global WebSocket. */
export const nodeSocket: SocketFactory = (url) => new WebSocket(url) as unknown as SocketLike;
