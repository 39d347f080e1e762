import { sizeText } from './body-text.js';

/** `uploading clip.mp4  3.0 MB of 12.5 MB (24%)`. Pure. */
export function progressText(verb: string, name: string, done: number, total: number): string {
  const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
  return `${verb} ${name}  ${sizeText(done)} of ${sizeText(total)} (${pct}%)`;
}

/** Where a transfer reports how far it got. */
export interface Progress {
  update(done: number, total: number): void;
  /** Clears the line, so what follows starts clean. */
  done(): void;
}

/**
 * A progress line on standard error, redrawn in place, for people watching a
 * terminal; nothing at all when standard error is a file or a pipe, where a
 * stream of redraws would only be noise in a log.
 */
export function progressLine(stream: NodeJS.WriteStream, verb: string, name: string): Progress {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  let drawn = false;
  let shown = -1;
  return {
    update(done, total) {
      // A redraw per percent: downloads report every 64 KiB chunk, which would be thousands of writes.
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (pct === shown) return;
      shown = pct;
      stream.write(`\r${progressText(verb, name, done, total)}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
      shown = -1;
    },
  };
}
