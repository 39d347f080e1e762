import { createHmac } from 'node:crypto';
import type { Message } from '@pigeon/protocol';
import type { PushNotification } from '../ports/push.js';

const SHOWN: Record<string, string> = {
  image: '📷 Photo', video: '🎥 Video', audio: '🎤 Audio', file: '📄 File', location: '📍 Location', contact: '👤 Contact',
};

/**
 * What a push for the newest message of a burst says. Without previews (the
 * default, and the only safe choice once messages are end-to-end encrypted)
 * it names no sender and no content. Pure.
 */
export function buildNotification(
  message: Message,
  badge: number,
  preview: { sender: string } | undefined,
  collapseKey: string,
): PushNotification {
  const base = { collapseKey, badge, conv: message.conv, seq: message.seq };
  if (!preview) return { ...base, alert: { title: 'Pigeon', body: 'New message' } };
  const body = message.body.kind === 'text' ? message.body.text : SHOWN[message.body.kind] ?? 'New message';
  return { ...base, alert: { title: preview.sender, body: body.length > 180 ? `${body.slice(0, 177)}…` : body } };
}

/**
 * The collapse key of a conversation's pushes: opaque, because platforms send
 * it in the clear (Web Push `Topic`, `apns-collapse-id`) and a one-to-one
 * conversation id names both users. 16 characters fit every platform's limit.
 */
export function collapseKeyOf(secret: string, conv: string): string {
  return createHmac('sha256', secret).update(`push:${conv}`).digest('base64url').slice(0, 16);
}
