import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CLOSE_CODES, wireError, type ErrorCode } from '@pigeon/protocol';
import { WebSocketServer } from 'ws';
import type { AuthContext } from '../core/context.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import { Connection } from './connection.js';
import { createHub } from './hub.js';
import { UNCOUNTED, type GatewayLimits, type GatewayMetrics, type GatewayServices } from './services.js';

function refuseUpgrade(socket: Duplex, status: number, text: string, code: ErrorCode): void {
  const body = JSON.stringify({ error: wireError(code) });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The realtime gateway on `/ws`. The token comes in `Authorization: Bearer`
 * on the upgrade, or in the hello frame; never in the URL, which ends up in logs.
 */
export function attachGateway(
  server: Server,
  deps: {
    services: GatewayServices; bus: Bus; clock: Clock; ids: IdGenerator; logger: Logger; limits: GatewayLimits; metrics?: GatewayMetrics;
  },
) {
  const { services, limits, logger } = deps;
  const metrics = deps.metrics ?? UNCOUNTED;
  const refuse = (socket: Duplex, status: number, text: string, code: ErrorCode) => {
    metrics.error(code);
    refuseUpgrade(socket, status, text, code);
  };
  const hub = createHub({ bus: deps.bus, clock: deps.clock, heartbeatMs: limits.heartbeatMs });
  const wss = new WebSocketServer({
    noServer: true, maxPayload: limits.hardMaxFrameBytes, perMessageDeflate: false, clientTracking: false,
  });
  let draining = false;

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, id: string): Promise<void> {
    socket.on('error', (err) => logger.debug({ conn: id, err }, 'upgrade socket error'));
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return refuse(socket, 404, 'Not Found', 'NOT_FOUND');
    if (draining) return refuse(socket, 503, 'Service Unavailable', 'SERVER_DRAINING');
    if (url.searchParams.has('token')) return refuse(socket, 400, 'Bad Request', 'INVALID_REQUEST');
    const header = req.headers.authorization;
    let auth: AuthContext | undefined;
    if (header !== undefined) {
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      auth = token ? await services.authenticate(token) : undefined;
      if (!auth) return refuse(socket, 401, 'Unauthorized', 'INVALID_TOKEN');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      new Connection(ws, socket, { services, hub, clock: deps.clock, logger, limits, metrics }, id, auth);
    });
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The connection's id from the first byte on, so every line about it carries the same `conn`.
    const id = deps.ids.next();
    upgrade(req, socket, head, id).catch((err: unknown) => {
      logger.error({ conn: id, err }, 'upgrade failed');
      refuse(socket, 500, 'Internal Server Error', 'INTERNAL');
    });
  });
  hub.start();

  return {
    get connections(): number {
      return hub.size;
    },
    /**
     * Asks every client to reconnect (4105): after events may have been lost
     * (the bus reconnected, or this node was presumed dead), a reconnect
     * replays everything from the clients' cursors.
     */
    resync(): void {
      hub.closeAll(CLOSE_CODES.RESYNC, 'reconnect to catch up', false);
    },
    /** True once `drain` was called: the node is shutting down. */
    get draining(): boolean {
      return draining;
    },
    /** Refuses new connections and asks every client to reconnect elsewhere. */
    drain(): void {
      draining = true;
      hub.closeAll(1001, 'server shutting down');
    },
  };
}

export type Gateway = ReturnType<typeof attachGateway>;
