import { CLOSE_CODES } from '@pigeon/protocol';
import { PigeonClient, type PigeonError } from '@pigeon/sdk';
import { nodeSocket } from '@pigeon/sdk/node';
import { CliError } from './errors.js';
import { cliFetch } from './http.js';
import type { Credentials } from './profile-store.js';
import { withTimeout } from './timeout.js';

const CONNECT_TIMEOUT_MS = 10_000;
const CLOSE_WAIT_MS = 1000;

/**
 * Which delivery acks a command sends. The server counts an ack as "this
 * device has it": a command acks only what it showed, or those messages would
 * never be replayed to the next `follow` and their senders would see ✓✓ for
 * text nobody saw.
 */
export type AckPolicy = 'all' | 'none' | { conv: string };

/** Whether a received message may be acknowledged under the policy. Pure. */
export function mayAck(policy: AckPolicy, conv: string): boolean {
  return policy === 'all' || (policy !== 'none' && policy.conv === conv);
}

/** A connected client of the profile's device. */
export interface Session {
  client: PigeonClient;
  /** Sends pending acks, closes the client and waits (briefly) for the socket to close. */
  close(): Promise<void>;
}

/**
 * A connected client for the profile's device. Checks the token over HTTP
 * first, which fails fast and says why (server down, session revoked) where
 * a WebSocket would only keep retrying.
 */
export async function openSession(
  credentials: Credentials,
  options: {
    acks: AckPolicy;
    syncReceipts: boolean;
    /** Subscribes to the client's events before it connects: the replay can arrive with the welcome. */
    listen?(client: PigeonClient): void;
  },
): Promise<Session> {
  const client = new PigeonClient({
    url: credentials.server,
    token: credentials.token,
    socket: nodeSocket,
    shouldAck: (conv) => mayAck(options.acks, conv),
    fetch: cliFetch,
    clientName: 'pigeon-cli',
    syncReceipts: options.syncReceipts,
    reconnect: { baseMs: 500, maxMs: 10_000 },
  });
  await client.api.me();
  options.listen?.(client);
  const errors: PigeonError[] = [];
  const off = client.on('error', (error) => errors.push(error));
  try {
    await withTimeout(client.connect(), CONNECT_TIMEOUT_MS, () =>
      new CliError('NETWORK', `no realtime connection to ${credentials.server} within ${CONNECT_TIMEOUT_MS / 1000} s`));
  } catch (error) {
    await client.close();
    // The server's own reason (e.g. INVALID_TOKEN) says more than the SDK's CLOSED.
    throw errors.at(-1) ?? error;
  } finally {
    off();
  }
  return {
    client,
    close: () => client.close(CLOSE_WAIT_MS),
  };
}

/** The error for a connection the server closed for good, named after its close code (e.g. DEVICE_REVOKED). */
export function closedError(event: { code: number; reason: string }): CliError {
  const name = Object.entries(CLOSE_CODES).find(([, code]) => code === event.code)?.[0] ?? 'CLOSED';
  return new CliError(name, `the server closed the connection: ${event.reason || 'no reason given'} (${event.code})`);
}
