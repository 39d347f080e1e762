import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from '../../ports/logger.js';
import type { WantedStream } from './nats-stream-config.js';
import { streamDifferences } from './nats-stream-config.js';

/** The server's answer when a stream of that name exists with another configuration (JSStreamNameExistErr). */
const STREAM_NAME_IN_USE = 10058;

const isApiError = (err: unknown, code: number) => err instanceof JetStreamApiError && err.code === code;

export type EnsureOutcome = 'created' | 'exists' | 'differs';

/**
 * Makes sure the stream exists. A stream that is already there is never
 * changed, even when its configuration differs: an operator may have tuned
 * it (retention, replicas), so the differences are only logged. Safe when
 * several servers start at once: losing the race to create it is "exists".
 */
export async function ensureStream(jsm: JetStreamManager, wanted: WantedStream, logger: Logger): Promise<EnsureOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const info = await jsm.streams.info(wanted.name);
      const differences = streamDifferences(wanted, info.config);
      if (differences.length === 0) return 'exists';
      logger.warn({ stream: wanted.name, differences }, 'analytics stream exists with another configuration; leaving it as it is');
      return 'differs';
    } catch (err) {
      if (attempt > 1 || !isApiError(err, JetStreamApiCodes.StreamNotFound)) throw err;
    }
    try {
      await jsm.streams.add(wanted);
      logger.info({ stream: wanted.name, subjects: wanted.subjects }, 'analytics stream created');
      return 'created';
    } catch (err) {
      // Another server created it between our lookup and our add: look again.
      if (!isApiError(err, STREAM_NAME_IN_USE)) throw err;
    }
  }
}
