import { connect } from '@nats-io/transport-node';
import type { ConnectionOptions, NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../ports/logger.js';
import { backoffMs } from './backoff.js';

/** Connection settings a deployment may add (credentials, TLS, a client name); reconnection is the link's. */
export type NatsConnectionSettings = Omit<ConnectionOptions, 'servers' | 'port' | 'reconnect' | 'maxReconnectAttempts' | 'waitOnFirstConnect'>;

export interface NatsLinkOptions {
  servers: string[];
  connection?: NatsConnectionSettings;
  logger: Logger;
  /** Called on the first connection and on every reconnection. */
  onUp(nc: NatsConnection): void;
  /** Called when the connection drops; onUp follows when it is back. */
  onDown(): void;
}

/** A NATS connection kept up for as long as the link is open. */
export interface NatsLink {
  /** Stops reconnecting and closes the connection. */
  close(): Promise<void>;
}

/**
 * Keeps one connection to NATS. Once connected, the client reconnects by
 * itself, forever. The first connection is the link's own loop with backoff
 * rather than the client's `waitOnFirstConnect`, whose pending connect cannot
 * be abandoned: a server started while NATS is down must still shut down
 * promptly. A connection closed for good (an auth error…) is redialled too.
 */
export function openNatsLink(options: NatsLinkOptions): NatsLink {
  const { servers, logger } = options;
  let current: NatsConnection | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;

  function redialLater() {
    timer = setTimeout(() => void dial(), backoffMs(failures, Math.random()));
  }

  async function watch(nc: NatsConnection) {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') {
        logger.warn({ server: status.server }, 'disconnected from NATS; reconnecting');
        options.onDown();
      } else if (status.type === 'reconnect') {
        logger.info({ server: status.server }, 'reconnected to NATS');
        options.onUp(nc);
      }
    }
  }

  async function dial() {
    timer = undefined;
    let nc: NatsConnection;
    try {
      nc = await connect({
        // Async traces build an Error per request for nicer stacks: a third of the publish cost.
        timeout: 5_000, reconnectTimeWait: 1_000, noAsyncTraces: true, ...options.connection,
        servers, reconnect: true, maxReconnectAttempts: -1, waitOnFirstConnect: false,
      });
    } catch (err) {
      if (closed) return;
      failures++;
      // Once per outage: the loop retries every few seconds for as long as NATS is away.
      if (failures === 1) logger.warn({ err, servers }, 'cannot connect to NATS; retrying');
      redialLater();
      return;
    }
    if (closed) return void (await nc.close());
    current = nc;
    failures = 0;
    logger.info({ server: nc.getServer() }, 'connected to NATS');
    void watch(nc);
    void nc.closed().then((err) => {
      if (current === nc) current = undefined;
      if (closed) return;
      logger.error({ err }, 'NATS connection closed; dialling again');
      options.onDown();
      redialLater();
    });
    options.onUp(nc);
  }

  void dial();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await current?.close();
    },
  };
}
