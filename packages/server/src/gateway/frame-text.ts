import type { Message } from '@pigeon/protocol';

const texts = new WeakMap<Message, string>();

/**
 * The `message` frame of a stored message, serialised once however many
 * connections it goes to (a group message reaches hundreds).
 */
export function messageFrameText(message: Message): string {
  let text = texts.get(message);
  if (text === undefined) {
    text = JSON.stringify({ type: 'message', ...message });
    texts.set(message, text);
  }
  return text;
}
