import type { z } from 'zod';
import { wireError, type WireError } from './errors.js';
import { clientFrameSchemas, type ClientFrame, type ClientFrameType } from './frames.js';

export type ParseResult =
  | { ok: true; frame: ClientFrame }
  | { ok: false; error: WireError; id: string | null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Converts schema issues to wire issues: a dotted path and a message each. */
export function toIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 10).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * The one parser of client frames: text in, a typed frame or a typed error out.
 * Never throws. The error carries the frame's `id` when one could be read, so
 * the reply can echo it.
 */
export function parseClientFrame(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: wireError('MALFORMED_FRAME'), id: null };
  }
  if (!isRecord(raw)) {
    return { ok: false, error: wireError('INVALID_FRAME', 'A frame must be a JSON object.'), id: null };
  }
  const id = typeof raw.id === 'string' && raw.id.length <= 64 ? raw.id : null;
  if (typeof raw.type !== 'string') {
    return { ok: false, error: wireError('INVALID_FRAME', 'A frame needs a string "type".'), id };
  }
  if (!Object.hasOwn(clientFrameSchemas, raw.type)) {
    return { ok: false, error: wireError('UNKNOWN_FRAME_TYPE', `Unknown frame type "${raw.type.slice(0, 32)}".`), id };
  }
  const schema = clientFrameSchemas[raw.type as ClientFrameType];
  const result = schema.safeParse(raw);
  if (!result.success) {
    return { ok: false, error: wireError('INVALID_FRAME', undefined, { issues: toIssues(result.error) }), id };
  }
  return { ok: true, frame: result.data as ClientFrame };
}
