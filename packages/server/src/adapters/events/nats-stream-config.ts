import { nanos } from '@nats-io/transport-node';
import { DiscardPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { StreamConfig } from '@nats-io/jetstream';
import type { AnalyticsEvent } from '../../ports/events.js';

/** What the sink asks of its stream; everything else is left to the server's defaults. */
export interface StreamSettings {
  stream: string;
  subjectPrefix: string;
  maxAgeMs: number;
  /** -1: no limit. */
  maxBytes: number;
  duplicateWindowMs: number;
  replicas: number;
}

/** The fields the sink sets, in the JetStream API's own names and units (nanoseconds). */
export type WantedStream = Pick<
  StreamConfig,
  'name' | 'subjects' | 'retention' | 'storage' | 'discard' | 'max_age' | 'max_bytes' | 'duplicate_window' | 'num_replicas'
>;

export interface StreamDifference {
  field: keyof WantedStream;
  wanted: unknown;
  actual: unknown;
}

// NATS subject tokens: no whitespace, no wildcards, no empty tokens.
const SUBJECT_TOKEN = /^[^\s.*>]+$/;
// Stream names end up in API subjects and file names.
const STREAM_NAME = /^[^\s.*>/\\]+$/;

/** Every problem with the settings at once (empty when they are usable). */
export function streamSettingsProblems(s: StreamSettings): string[] {
  const problems: string[] = [];
  if (!STREAM_NAME.test(s.stream)) problems.push(`stream "${s.stream}" must be non-empty, without spaces, ".", "*", ">", "/" or "\\"`);
  if (!s.subjectPrefix.split('.').every((token) => SUBJECT_TOKEN.test(token))) {
    problems.push(`subjectPrefix "${s.subjectPrefix}" must be dot-separated non-empty tokens without spaces or wildcards`);
  }
  if (!(s.maxAgeMs > 0)) problems.push('maxAgeMs must be positive');
  if (!(s.maxBytes === -1 || s.maxBytes > 0)) problems.push('maxBytes must be positive, or -1 for no limit');
  if (!(s.duplicateWindowMs > 0 && s.duplicateWindowMs <= s.maxAgeMs)) problems.push('duplicateWindowMs must be positive and at most maxAgeMs');
  if (!(Number.isSafeInteger(s.replicas) && s.replicas >= 1 && s.replicas <= 5)) problems.push('replicas must be an integer from 1 to 5');
  return problems;
}

/** The subject an event is published on, e.g. `pigeon.events.message.sent`. */
export const subjectFor = (prefix: string, type: AnalyticsEvent['type']) => `${prefix}.${type}`;

/**
 * A limits-retention, file-backed stream over `<prefix>.>` that discards its
 * oldest messages at the age or size limit, so it never refuses a publish.
 */
export function wantedStream(s: StreamSettings): WantedStream {
  return {
    name: s.stream,
    subjects: [`${s.subjectPrefix}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(s.maxAgeMs),
    max_bytes: s.maxBytes,
    duplicate_window: nanos(s.duplicateWindowMs),
    num_replicas: s.replicas,
  };
}

/** The fields where an existing stream differs from what the sink would create. */
export function streamDifferences(wanted: WantedStream, actual: Partial<StreamConfig>): StreamDifference[] {
  const differences: StreamDifference[] = [];
  for (const field of Object.keys(wanted) as (keyof WantedStream)[]) {
    if (JSON.stringify(wanted[field]) !== JSON.stringify(actual[field])) {
      differences.push({ field, wanted: wanted[field], actual: actual[field] });
    }
  }
  return differences;
}
