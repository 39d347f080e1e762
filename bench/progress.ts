/**
 * The live progress line, on stderr so stdout stays clean for the JSON. On a
 * terminal it is one line overwritten in place; in a log it is a line a second.
 */
export interface Progress {
  update(line: string): void;
  /** Ends the overwritten line so what follows starts on a fresh one. */
  done(): void;
}

export function createProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  let dirty = false;
  return {
    update(line) {
      if (!enabled) return;
      if (tty) {
        stream.write(`\r${line}\x1b[K`);
        dirty = true;
      } else {
        stream.write(`${line}\n`);
      }
    },
    done() {
      if (dirty) stream.write('\n');
      dirty = false;
    },
  };
}

/** Setup messages (starting, registering, connecting), on stderr too. */
export function createLog(enabled: boolean): (message: string) => void {
  return (message) => {
    if (enabled) process.stderr.write(`[bench] ${message}\n`);
  };
}

/** Redraws the progress line from `line()` once a second until the timer is cleared. */
export function startTicker(progress: Progress, line: () => string): NodeJS.Timeout {
  return setInterval(() => progress.update(line()), 1000);
}
