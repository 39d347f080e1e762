import type { MemberState, SystemBody } from '@pigeon/protocol';

/** One current member's watermarks: everything up to deliveredSeq reached them, up to readSeq they read. */
export type Mark = Pick<MemberState, 'user' | 'deliveredSeq' | 'readSeq'>;

/** A receipt moves one member's watermarks forward, never back; reading implies delivery. */
export function withReceipt(marks: readonly Mark[], r: { user: string; status: 'delivered' | 'read'; seq: number }): Mark[] {
  return marks.map((m) => {
    if (m.user !== r.user) return m;
    const readSeq = r.status === 'read' ? Math.max(m.readSeq, r.seq) : m.readSeq;
    return { user: m.user, deliveredSeq: Math.max(m.deliveredSeq, r.seq, readSeq), readSeq };
  });
}

/**
 * Who counts after a group change at `seq`. Joiners start with watermarks at
 * seq - 1, as the server sets them: what came before was never theirs to
 * receive. Applying a change twice (a replay over a fresh snapshot) is harmless.
 */
export function withSystem(marks: readonly Mark[], seq: number, body: SystemBody): Mark[] {
  const b = body as SystemBody & Record<string, unknown>;
  const users = (key: string) => (Array.isArray(b[key]) ? (b[key] as unknown[]).filter((u): u is string => typeof u === 'string') : []);
  if (b.event === 'created' || b.event === 'added') {
    const joining = users(b.event === 'created' ? 'members' : 'users').filter((u) => !marks.some((m) => m.user === u));
    return [...marks, ...joining.map((user) => ({ user, deliveredSeq: seq - 1, readSeq: seq - 1 }))];
  }
  if (b.event === 'removed' || b.event === 'left') {
    const leaving = new Set(users('users'));
    return marks.filter((m) => !leaving.has(m.user));
  }
  return [...marks];
}

/**
 * How far every other member has got: one's messages up to `delivered`
 * reached them all, up to `read` they all read. Undefined with nobody else.
 */
export function everyone(marks: readonly Mark[], me: string): { delivered: number; read: number } | undefined {
  const others = marks.filter((m) => m.user !== me);
  if (others.length === 0) return undefined;
  return { delivered: Math.min(...others.map((m) => m.deliveredSeq)), read: Math.min(...others.map((m) => m.readSeq)) };
}
