/**
 * What the multi-node test proves, computed from what every device showed
 * and what every sender was told: each acknowledged message reached every
 * recipient device exactly once, in seq order, with the text it was sent with.
 */

export interface Acked {
  conv: string;
  seq: number;
  /** The sending device: it is the one device that does not receive its own message. */
  device: string;
  text: string;
  /** When the sender was told (for reports). */
  at?: number;
}

export interface Shown {
  seq: number;
  /** Undefined for system messages (group created and the like). */
  text: string | undefined;
}

export interface Verdict {
  acked: number;
  /** (acknowledged message, recipient device) pairs expected on screens. */
  expected: number;
  /** Expected but never shown. */
  lost: number;
  /** Shown more than once on one device. */
  duplicates: number;
  /** Shown after a higher seq of the same conversation on the same device. */
  out_of_order: number;
  /** Shown with another text than the sender's, or a seq no sender was given. */
  mismatched: number;
  /** One send stored under two seqs (a retried send must be stored once). */
  stored_twice: number;
  /** The first few faults, to tell what went wrong. */
  samples: string[];
}

export function judge(args: {
  acked: readonly Acked[];
  /** device id → conversation id → messages in the order the device showed them. */
  shown: ReadonlyMap<string, ReadonlyMap<string, readonly Shown[]>>;
  /** conversation id → the devices that must see its messages. */
  recipients: ReadonlyMap<string, readonly string[]>;
}): Verdict {
  const verdict: Verdict = { acked: args.acked.length, expected: 0, lost: 0, duplicates: 0, out_of_order: 0, mismatched: 0, stored_twice: 0, samples: [] };
  const note = (fault: string) => void (verdict.samples.length < 20 && verdict.samples.push(fault));
  const byConv = new Map<string, Map<number, Acked>>();
  const seqOfText = new Map<string, number>();
  for (const message of args.acked) {
    let seqs = byConv.get(message.conv);
    if (!seqs) byConv.set(message.conv, (seqs = new Map()));
    seqs.set(message.seq, message);
    const key = `${message.conv}\u0000${message.text}`;
    const earlier = seqOfText.get(key);
    if (earlier !== undefined && earlier !== message.seq) verdict.stored_twice++;
    seqOfText.set(key, message.seq);
  }
  for (const [device, convs] of args.shown) {
    for (const [conv, list] of convs) {
      const seen = new Set<number>();
      let last = 0;
      for (const { seq, text } of list) {
        if (seen.has(seq)) {
          verdict.duplicates++;
          note(`duplicate ${conv}#${seq} on ${device}`);
        } else if (seq < last) {
          verdict.out_of_order++;
          note(`out of order ${conv}#${seq} after #${last} on ${device}`);
        }
        seen.add(seq);
        last = Math.max(last, seq);
        if (text === undefined) continue;
        const sent = byConv.get(conv)?.get(seq);
        if (!sent || sent.text !== text) {
          verdict.mismatched++;
          note(`mismatched ${conv}#${seq} on ${device}: shown "${text}", sent "${sent?.text}"`);
        }
      }
    }
  }
  for (const [conv, seqs] of byConv) {
    for (const device of args.recipients.get(conv) ?? []) {
      const got = new Set((args.shown.get(device)?.get(conv) ?? []).map((m) => m.seq));
      for (const message of seqs.values()) {
        if (message.device === device) continue;
        verdict.expected++;
        if (!got.has(message.seq)) {
          verdict.lost++;
          note(`lost ${conv}#${message.seq} ("${message.text}") for ${device}`);
        }
      }
    }
  }
  return verdict;
}
