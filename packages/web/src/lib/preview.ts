import type { StoredBody } from '@pigeon/protocol';
import { durationText } from './format';
import { systemText } from './system-text';

/** Text from the network as one line (newlines and the space around them become one space). */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** One line of at most `max` characters, cut with an ellipsis. */
export function cut(text: string, max: number): string {
  const line = oneLine(text);
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/**
 * What a message says in one line: for the chat list, reply quotes and
 * notifications. `label` names users (for system messages); `me` is "you".
 */
export function bodyPreview(m: { from: string; body: StoredBody | { kind: string } }, label: (id: string) => string, me: string): string {
  const body = m.body as StoredBody;
  const withCaption = (what: string, caption?: string) => (caption ? `${what}: ${oneLine(caption)}` : what);
  switch (body.kind) {
    case 'text':
      return oneLine(body.text);
    case 'image':
      return withCaption('📷 Photo', body.caption);
    case 'video':
      return withCaption(`🎥 Video${body.durationMs ? ` (${durationText(body.durationMs)})` : ''}`, body.caption);
    case 'audio':
      return withCaption(`🎵 Audio${body.durationMs ? ` (${durationText(body.durationMs)})` : ''}`, body.caption);
    case 'file':
      return withCaption(`📄 ${body.name ?? 'File'}`, body.caption);
    case 'location':
      return `📍 ${body.name ?? 'Location'}`;
    case 'contact':
      return `👤 ${oneLine(body.name)}`;
    case 'reaction':
      return `${m.from === me ? 'You' : label(m.from)} ${body.emoji ? `reacted ${body.emoji}` : 'removed a reaction'}`;
    case 'edit':
      return `✏️ ${oneLine(body.text)}`;
    case 'delete':
    case 'deleted':
      return m.from === me ? 'You deleted this message' : 'This message was deleted';
    case 'system':
      return systemText({ from: m.from, body }, label, me);
    default:
      return 'Message';
  }
}
