/**
 * What message bodies say on screen, as one string each. Pure. Bodies come
 * from the network and later servers may add kinds and fields, so every field
 * is read defensively (a wrong type reads as absent); the caller sanitizes the
 * result (messageLine does).
 */

type Loose = { kind: string } & Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Bytes as people read them: `532 B`, `187 KB`, `1.2 MB`, `3.4 GB` (powers of 1000, like file managers). */
export function sizeText(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 999_500) return `${Math.round(bytes / 1000)} KB`;
  if (bytes < 999_950_000) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** A duration as a player shows it: `0:02`, `4:05`, `1:02:03` (rounded to the second). */
export function durationText(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const MEDIA_KINDS = new Set(['image', 'video', 'audio', 'file']);

/** Whether a body is a media message (image, video, audio or file). */
export function isMediaBody<B extends { kind: string }>(body: B): boolean {
  return MEDIA_KINDS.has(body.kind);
}

/** `[image 640×480 187 KB]`, `[video 0:02 320×240]`, `[audio 0:01]`, `[file report.pdf 1.2 MB]`: the facts the server filled in. */
function mediaLabel(b: Loose): string {
  const width = num(b.width);
  const height = num(b.height);
  const dims = width !== undefined && height !== undefined ? `${width}×${height}` : undefined;
  const duration = num(b.durationMs) === undefined ? undefined : durationText(num(b.durationMs)!);
  const size = num(b.size) === undefined ? undefined : sizeText(num(b.size)!);
  const parts: (string | undefined)[] = {
    image: [dims, size],
    video: [duration, dims],
    audio: [duration],
    file: [str(b.name), size],
  }[b.kind] ?? [];
  return `[${[b.kind, ...parts.filter((p) => p !== undefined && p !== '')].join(' ')}]`;
}

/** Degrees with five decimals (about a metre), as maps show them. */
const degrees = (value: number) => value.toFixed(5);

/**
 * The content of a message: its text, `[image …] caption`, `[location …]`,
 * `[contact …]`, `This message was deleted`, or `[<kind> message]` for kinds
 * this CLI does not know.
 */
export function contentText<B extends { kind: string }>(body: B): string {
  const b = body as Loose;
  switch (b.kind) {
    case 'text':
      return str(b.text) ?? '';
    case 'image':
    case 'video':
    case 'audio':
    case 'file': {
      const caption = str(b.caption);
      return caption ? `${mediaLabel(b)} ${caption}` : mediaLabel(b);
    }
    case 'location': {
      const lat = num(b.latitude);
      const lon = num(b.longitude);
      const where = lat !== undefined && lon !== undefined ? `${degrees(lat)}, ${degrees(lon)}` : '?';
      const place = str(b.name) || str(b.address);
      return `[location ${where}${place ? ` ${place}` : ''}]`;
    }
    case 'contact': {
      const phones = Array.isArray(b.phones) ? b.phones.filter((p): p is string => typeof p === 'string') : [];
      return `[contact ${[str(b.name) ?? '?', ...phones].join(' ')}]`;
    }
    case 'deleted':
      return 'This message was deleted';
    default:
      return `[${b.kind} message]`;
  }
}

/** `↪ #12 ` for a reply and `(forwarded) ` for a forward: what goes before the content. */
export function contextText<B extends { kind: string }>(body: B): string {
  const b = body as Loose;
  const reply = num(b.replyTo);
  return `${reply !== undefined ? `↪ #${reply} ` : ''}${b.forwarded === true ? '(forwarded) ' : ''}`;
}

/** A content message in full: context, content, and `(edited)` once edited. */
export function messageText<B extends { kind: string }>(body: B, edited = false): string {
  if (body.kind === 'deleted') return contentText(body);
  return `${contextText(body)}${contentText(body)}${edited ? ' (edited)' : ''}`;
}

/** Whether a body is an event about an earlier message (reaction, edit, delete) rather than content. */
export function isEventBody<B extends { kind: string }>(body: B): boolean {
  const b = body as Loose;
  return b.kind === 'reaction' || b.kind === 'edit' || b.kind === 'delete' || (b.kind === 'deleted' && b.target !== undefined);
}

/**
 * What an event about an earlier message says, after its author:
 * `reacted 👍 to #12`, `removed their reaction to #12`, `edited #12: new text`,
 * `deleted #12`. `self` words it for one's own (`removed your reaction`).
 * Undefined for an edit the server has since deleted: there is nothing to say.
 */
export function eventText<B extends { kind: string }>(body: B, self = false): string | undefined {
  const b = body as Loose;
  const target = `#${num(b.target) ?? '?'}`;
  switch (b.kind) {
    case 'reaction': {
      const emoji = str(b.emoji);
      return emoji ? `reacted ${emoji} to ${target}` : `removed ${self ? 'your' : 'their'} reaction to ${target}`;
    }
    case 'edit':
      return `edited ${target}: ${str(b.text) ?? ''}`;
    case 'delete':
      return `deleted ${target}`;
    default:
      return undefined;
  }
}

/** What any body shows as in one line of text: content, or an event (for the last message of a conversation). */
export function bodyText<B extends { kind: string }>(body: B): string {
  if (isEventBody(body)) return eventText(body) ?? contentText({ kind: 'deleted' });
  return messageText(body);
}

/**
 * A folded message's reactions: `{👍 Bob, Carol · ❤️ me}`, emoji in the
 * order they were first used; empty when there are none. `labels` names users.
 */
export function reactionsText(reactions: Readonly<Record<string, readonly string[]>>, labels: ReadonlyMap<string, string>): string {
  const groups = Object.entries(reactions).filter(([, users]) => users.length > 0);
  if (groups.length === 0) return '';
  return `{${groups.map(([emoji, users]) => `${emoji} ${users.map((u) => labels.get(u) ?? u).join(', ')}`).join(' · ')}}`;
}
