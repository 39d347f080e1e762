import { CONTENT_KINDS, type ErrorCode, type Message, type StoredMediaBody } from '@pigeon/protocol';
import type { MediaRecord } from '../ports/store.js';

/**
 * What may be done to an earlier message. Pure: each check takes the target as
 * stored and returns the refusal that applies, or undefined.
 */
export type Refusal = { code: ErrorCode; message?: string } | undefined;

const isContent = (m: Message) => (CONTENT_KINDS as readonly string[]).includes(m.body.kind);

/** A reply or reaction needs a target the actor can see (from `visibleFrom` on). */
export function checkVisible(target: Message | undefined, visibleFrom: number): Refusal {
  if (!target || target.seq < visibleFrom) return { code: 'MESSAGE_NOT_FOUND' };
  return undefined;
}

export function checkReaction(target: Message | undefined, visibleFrom: number): Refusal {
  const hidden = checkVisible(target, visibleFrom);
  if (hidden) return hidden;
  if (!isContent(target as Message)) return { code: 'INVALID_TARGET', message: 'Only messages with content take reactions.' };
  return undefined;
}

/** Only the sender edits, only text or a caption, only within the window. */
export function checkEdit(target: Message | undefined, actor: string, now: number, windowMs: number): Refusal {
  if (!target) return { code: 'MESSAGE_NOT_FOUND' };
  if (target.from !== actor) return { code: 'NOT_SENDER', message: 'Only the sender may edit a message.' };
  const kind = target.body.kind;
  if (!['text', 'image', 'video', 'audio', 'file'].includes(kind)) return { code: 'INVALID_TARGET', message: `A ${kind} message cannot be edited.` };
  if (now - target.ts > windowMs) return { code: 'TOO_LATE', message: `Messages can be edited for ${Math.round(windowMs / 60_000)} minutes.` };
  return undefined;
}

/** The sender, or a group admin, deletes for everyone within the window. */
export function checkDelete(target: Message | undefined, actor: string, actorIsAdmin: boolean, now: number, windowMs: number): Refusal {
  if (!target) return { code: 'MESSAGE_NOT_FOUND' };
  if (!isContent(target)) return { code: 'INVALID_TARGET', message: 'Only messages with content can be deleted.' };
  if (target.from !== actor && !actorIsAdmin) return { code: 'NOT_SENDER', message: 'Only the sender or a group admin may delete a message.' };
  if (now - target.ts > windowMs) return { code: 'TOO_LATE', message: 'The time to delete this message for everyone has passed.' };
  return undefined;
}

/** A media message as stored: the client's caption and context, the server's facts about the media. */
export function storedMediaBody(
  input: { kind: StoredMediaBody['kind']; media: string; caption?: string; replyTo?: number; forwarded?: boolean },
  media: MediaRecord,
): StoredMediaBody {
  return {
    kind: input.kind,
    media: media.id,
    ...(input.caption !== undefined && { caption: input.caption }),
    ...(input.replyTo !== undefined && { replyTo: input.replyTo }),
    ...(input.forwarded && { forwarded: true }),
    mime: media.mime,
    size: media.size,
    ...(media.name !== null && media.kind === 'file' && { name: media.name }),
    ...(media.width !== null && { width: media.width }),
    ...(media.height !== null && { height: media.height }),
    ...(media.durationMs !== null && { durationMs: media.durationMs }),
    ...(media.preview !== null && { preview: media.preview }),
    ...(media.thumbnail !== null && { thumbnail: true }),
  };
}
