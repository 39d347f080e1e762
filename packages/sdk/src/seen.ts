/** Seqs above the floor kept per conversation before the floor is raised past the oldest gap. */
const MAX_GAP_TRACKED = 1024;

/**
 * Which (conversation, seq) pairs this client has already shown: delivery is
 * at least once on the wire, exactly once on screen. Per conversation, a floor
 * (everything at or below it was seen) and the seen seqs above it.
 */
export class SeenSet {
  private conversations = new Map<string, { floor: number; above: Set<number> }>();

  /** Records the pair; false when it was seen before. */
  add(conv: string, seq: number): boolean {
    let entry = this.conversations.get(conv);
    if (!entry) {
      entry = { floor: 0, above: new Set() };
      this.conversations.set(conv, entry);
    }
    if (seq <= entry.floor || entry.above.has(seq)) return false;
    entry.above.add(seq);
    while (entry.above.delete(entry.floor + 1)) entry.floor++;
    if (entry.above.size > MAX_GAP_TRACKED) {
      // A gap this old will not be filled; stop tracking everything below the oldest seen seq.
      entry.floor = Math.min(...entry.above) - 1;
      while (entry.above.delete(entry.floor + 1)) entry.floor++;
    }
    return true;
  }

  has(conv: string, seq: number): boolean {
    const entry = this.conversations.get(conv);
    return !!entry && (seq <= entry.floor || entry.above.has(seq));
  }
}
