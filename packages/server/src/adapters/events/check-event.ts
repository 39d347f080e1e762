import type { AnalyticsEvent } from '../../ports/events.js';

type EventType = AnalyticsEvent['type'];
type Fields<T extends EventType> = Omit<Extract<AnalyticsEvent, { type: T }>, 'type'>;
type KindOf<V> = V extends string ? 'string' : V extends number ? 'count' : V extends boolean ? 'boolean' : never;

/**
 * Every field each event type may carry, and its kind. The mapped type makes
 * this table fail to compile when the union in ports/events.ts gains, loses or
 * retypes a field, so the guard cannot drift from the port.
 */
export const EVENT_FIELDS: { [T in EventType]: { [K in keyof Fields<T>]-?: KindOf<Fields<T>[K]> } } = {
  'message.sent': { ts: 'count', conv: 'string', seq: 'count', sender: 'string', kind: 'string', recipients: 'count' },
  'message.delivered': { ts: 'count', conv: 'string', user: 'string', seq: 'count' },
  'message.read': { ts: 'count', conv: 'string', user: 'string', seq: 'count' },
  login: { ts: 'count', user: 'string', device: 'string', newUser: 'boolean' },
  'group.changed': { ts: 'count', conv: 'string', actor: 'string', event: 'string' },
  'push.sent': { ts: 'count', platform: 'string', outcome: 'string' },
};

/**
 * Strings in events are ids and short labels (the longest id, a direct
 * conversation's `d:<ulid>:<ulid>`, is 55 characters); anything longer is
 * treated as content that slipped in.
 */
export const MAX_EVENT_STRING_CHARS = 128;

export type EventCheck = { ok: true; event: AnalyticsEvent } | { ok: false; problems: string[] };

const isEventType = (type: unknown): type is EventType => typeof type === 'string' && Object.hasOwn(EVENT_FIELDS, type);

// Problems name fields, never values: a refused event may be carrying the very content it must not.
const fieldName = (key: string) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);

function kindProblem(kind: string, value: unknown): string | undefined {
  switch (kind) {
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : 'must be a non-negative integer';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be a boolean';
    default:
      if (typeof value !== 'string') return 'must be a string';
      return value.length <= MAX_EVENT_STRING_CHARS ? undefined : `is longer than ${MAX_EVENT_STRING_CHARS} characters`;
  }
}

/**
 * Accepts exactly the shapes of the AnalyticsEvent union: a known `type`,
 * every field of that type with the right kind, and nothing else, so fields
 * such as `text`, `body`, `token` or `code` are refused. Pure; never throws.
 */
export function checkEvent(value: unknown): EventCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problems: ['an event must be an object'] };
  const record = value as Record<string, unknown>;
  if (!isEventType(record.type)) return { ok: false, problems: ['type is not an analytics event type'] };
  const allowed: Record<string, string> = EVENT_FIELDS[record.type];
  const problems: string[] = [];
  for (const key of Object.keys(record)) {
    if (key !== 'type' && !Object.hasOwn(allowed, key)) problems.push(`${fieldName(key)} is not a field of ${record.type} events`);
  }
  for (const [key, kind] of Object.entries(allowed)) {
    if (!Object.hasOwn(record, key)) {
      problems.push(`${fieldName(key)} is missing`);
      continue;
    }
    const problem = kindProblem(kind, record[key]);
    if (problem) problems.push(`${fieldName(key)} ${problem}`);
  }
  return problems.length === 0 ? { ok: true, event: value as AnalyticsEvent } : { ok: false, problems };
}
