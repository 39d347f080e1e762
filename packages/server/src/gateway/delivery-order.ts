import type { Message } from '@pigeon/protocol';

export type Offer =
  | { action: 'send' }
  | { action: 'skip' }
  | { action: 'queue' }
  /** Fill (after, upTo] from the store first; `after` undefined: from the device's cursor. */
  | { action: 'fetch'; after: number | undefined; upTo: number };

/**
 * What one connection has sent of each conversation, so each device gets a
 * conversation's messages in seq order with no gaps. Doorbells from several
 * nodes can arrive out of order; a gap is filled from the store (the truth:
 * a higher seq is only ever committed after every lower one). Pure state; the
 * connection does the I/O.
 */
export class DeliveryOrder {
  /** Highest seq sent to the device, or sent by it, per conversation. */
  private readonly upTo = new Map<string, number>();
  /** Conversations with a gap fill in flight, and what arrived meanwhile. */
  private readonly waiting = new Map<string, Message[]>();

  constructor(private readonly deviceId: string) {}

  /** What to do with a message for the device. */
  offer(message: Message): Offer {
    const { conv, seq } = message;
    const waiting = this.waiting.get(conv);
    if (waiting) {
      waiting.push(message);
      return { action: 'queue' };
    }
    const known = this.upTo.get(conv);
    if (known !== undefined && seq <= known) return { action: 'skip' };
    if (seq === (known ?? 0) + 1) {
      this.upTo.set(conv, seq);
      return { action: 'send' };
    }
    // The first this connection hears of a conversation may not be the next
    // message for the device (doorbells from two nodes cross): what the device
    // lacks before it is what lies after its cursor.
    this.waiting.set(conv, [message]);
    return { action: 'fetch', after: known, upTo: seq };
  }

  /** The device sent `seq` itself (it knows it): not a gap for what follows. */
  noteOwn(conv: string, seq: number): void {
    const known = this.upTo.get(conv);
    if (known !== undefined && seq === known + 1) this.upTo.set(conv, seq);
  }

  /** The replay sent everything of `conv` up to `seq`. */
  noteSent(conv: string, seq: number): void {
    this.upTo.set(conv, Math.max(this.upTo.get(conv) ?? 0, seq));
  }

  /**
   * The store's answer for a gap (ascending, the whole range): what to send, in
   * order, and what arrived meanwhile, to offer again. The device's own
   * messages are not sent: it has them (its `sent` may simply not be back yet).
   */
  filled(conv: string, fetched: readonly Message[], upTo: number): { send: Message[]; again: Message[] } {
    const known = this.upTo.get(conv) ?? 0;
    const send = fetched.filter((m) => m.seq > known && m.seq <= upTo && m.device !== this.deviceId);
    // What the store no longer has (purged, outside the member's window) is skipped, not waited for.
    this.upTo.set(conv, Math.max(known, upTo));
    const again = (this.waiting.get(conv) ?? []).filter((m) => m.seq > upTo).sort((a, b) => a.seq - b.seq);
    this.waiting.delete(conv);
    return { send, again };
  }
}
