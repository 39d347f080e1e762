import { clearLine, createInterface, cursorTo, moveCursor, type Interface } from 'node:readline';

/** The streams the follow screen uses, and what to do with what is typed. */
export interface TerminalOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Read standard input at all (lines, its end, keys). */
  readInput: boolean;
  /** Lines typed are sent: on a terminal, show a prompt that incoming lines flow above. */
  chat: boolean;
  onLine(line: string): void;
  onEnd(): void;
  onInterrupt(): void;
  onKeypress(): void;
}

/** Where follow prints. */
export interface Terminal {
  /** An event line, on standard output. */
  print(line: string): void;
  /** A status line for a person: beside the chat on a terminal, else on standard error. */
  note(line: string): void;
  close(): void;
}

/**
 * The follow screen. On a terminal (both ends), a prompt stays at the bottom:
 * incoming lines are printed above it without disturbing what is being typed,
 * and a submitted line is wiped (it is printed again once the server has it).
 * Elsewhere, plain lines in and out, fit for pipes.
 */
export function openTerminal(o: TerminalOptions): Terminal {
  const interactive = o.chat && o.readInput && Boolean(o.stdin.isTTY && o.stdout.isTTY);
  let rl: Interface | undefined;
  if (o.readInput) {
    rl = createInterface({ input: o.stdin, ...(interactive && { output: o.stdout }), terminal: interactive, prompt: '> ' });
    rl.on('line', (line) => {
      if (interactive) {
        moveCursor(o.stdout, 0, -1);
        clearLine(o.stdout, 0);
      }
      o.onLine(line);
    });
    rl.on('close', () => o.onEnd());
    // On a terminal readline takes Ctrl-C itself (raw mode) instead of the process getting SIGINT.
    rl.on('SIGINT', () => o.onInterrupt());
    if (interactive) {
      o.stdin.on('keypress', (_text: string, key: { name?: string; ctrl?: boolean } | undefined) => {
        if (key?.name !== 'return' && key?.name !== 'enter' && !key?.ctrl) o.onKeypress();
      });
      rl.prompt();
    }
  }
  const above = (line: string) => {
    cursorTo(o.stdout, 0);
    clearLine(o.stdout, 0);
    o.stdout.write(`${line}\n`);
    rl?.prompt(true);
  };
  return {
    print: (line) => (interactive ? above(line) : void o.stdout.write(`${line}\n`)),
    note: (line) => (interactive ? above(line) : void o.stderr.write(`${line}\n`)),
    close() {
      if (interactive) {
        cursorTo(o.stdout, 0);
        clearLine(o.stdout, 0);
      }
      rl?.removeAllListeners('close');
      rl?.close();
    },
  };
}
