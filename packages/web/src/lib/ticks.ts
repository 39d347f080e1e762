import type { MessageStatus } from '@pigeon/protocol';

export interface Tick {
  status: MessageStatus;
  /** What a screen reader says, and the tooltip. */
  label: string;
  /** 0 for the clock of a pending send, else how many check marks. */
  marks: 0 | 1 | 2;
  /** Read: the marks turn blue. */
  blue: boolean;
}

const TICKS: Record<MessageStatus, Tick> = {
  pending: { status: 'pending', label: 'Sending', marks: 0, blue: false },
  sent: { status: 'sent', label: 'Sent', marks: 1, blue: false },
  delivered: { status: 'delivered', label: 'Delivered', marks: 2, blue: false },
  read: { status: 'read', label: 'Read', marks: 2, blue: true },
};

/** The ticks of one's own message: a clock while queued, one grey, two grey, two blue. */
export function tickOf(status: MessageStatus): Tick {
  return TICKS[status];
}

interface StatusSource {
  statusOf(conv: string, seq: number, self: string, members: readonly (string | { user: string; joinedSeq: number })[]): Exclude<MessageStatus, 'pending'>;
}

/**
 * The status of one's own message: pending until the server stored it (no
 * seq yet), then from the receipts of the members who were there when it was sent.
 */
export function ownStatus(
  tracker: StatusSource,
  message: { conv: string; seq: number | null },
  self: string,
  members: readonly (string | { user: string; joinedSeq: number })[],
): MessageStatus {
  if (message.seq === null) return 'pending';
  return tracker.statusOf(message.conv, message.seq, self, members);
}
