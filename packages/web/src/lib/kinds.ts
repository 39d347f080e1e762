import type { CONTENT_KINDS } from '@pigeon/protocol';

type ContentKind = (typeof CONTENT_KINDS)[number];

/**
 * Kinds that carry content (not events about other messages). A copy of the
 * protocol's list (kinds.test.ts checks they agree): importing the protocol's
 * would pull its zod schemas, which the app never runs, into the bundle.
 */
export const CONTENT_KIND_LIST = ['text', 'image', 'video', 'audio', 'file', 'location', 'contact'] as const satisfies readonly ContentKind[];

const CONTENT = new Set<string>(CONTENT_KIND_LIST);

export function isContentKind(kind: string): kind is ContentKind {
  return CONTENT.has(kind);
}
