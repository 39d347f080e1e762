import type { MessageStatus, ReceiptFrame } from '@pigeon/protocol';

type Watermarks = { delivered: number; read: number };

/**
 * The delivered and read watermarks of each member of each conversation, from
 * receipts; answers what status one's own message has.
 */
export class ReceiptTracker {
  private conversations = new Map<string, Map<string, Watermarks>>();

  /** Applies a receipt; false when it moves nothing (stale or repeated). */
  apply(receipt: Pick<ReceiptFrame, 'conv' | 'user' | 'status' | 'seq'>): boolean {
    let members = this.conversations.get(receipt.conv);
    if (!members) {
      members = new Map();
      this.conversations.set(receipt.conv, members);
    }
    const marks = members.get(receipt.user) ?? { delivered: 0, read: 0 };
    members.set(receipt.user, marks);
    const before = { ...marks };
    if (receipt.status === 'read') marks.read = Math.max(marks.read, receipt.seq);
    marks.delivered = Math.max(marks.delivered, receipt.seq);
    return marks.read !== before.read || marks.delivered !== before.delivered;
  }

  watermarks(conv: string, user: string): Watermarks {
    return { ...(this.conversations.get(conv)?.get(user) ?? { delivered: 0, read: 0 }) };
  }

  /**
   * The status of one's own stored message: read when every other member has
   * read it, delivered when every other member has it, else sent. Members
   * given with a `joinedSeq` after the message are not waited for.
   */
  statusOf(
    conv: string,
    seq: number,
    self: string,
    members: readonly (string | { user: string; joinedSeq: number })[],
  ): Exclude<MessageStatus, 'pending'> {
    const others = members
      .filter((m) => typeof m === 'string' || m.joinedSeq <= seq)
      .map((m) => (typeof m === 'string' ? m : m.user))
      .filter((m) => m !== self);
    if (others.length === 0) return 'sent';
    const marks = others.map((m) => this.watermarks(conv, m));
    if (marks.every((m) => m.read >= seq)) return 'read';
    if (marks.every((m) => m.delivered >= seq)) return 'delivered';
    return 'sent';
  }
}
