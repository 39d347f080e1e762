import { createInterface } from 'node:readline';
import { CliError, EXIT } from './errors.js';

/**
 * Asks one question and reads one line (the prompt goes to `output`, so
 * standard output stays clean). Undefined when the input ends first.
 */
export function askLine(input: NodeJS.ReadStream, output: NodeJS.WriteStream, question: string): Promise<string | undefined> {
  const terminal = Boolean(input.isTTY && output.isTTY);
  const rl = createInterface({ input, output, terminal });
  return new Promise((resolve, reject) => {
    let answered = false;
    // On a terminal readline takes Ctrl-C itself; without this listener it would only pause.
    rl.on('SIGINT', () => {
      answered = true;
      rl.close();
      output.write('\n');
      reject(new CliError('CANCELLED', 'cancelled', EXIT.INTERRUPTED));
    });
    rl.on('close', () => {
      if (answered) return;
      output.write('\n');
      resolve(undefined);
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      // A terminal echoed the answer and its Enter; piped input leaves the prompt's line open.
      if (!terminal) output.write('\n');
      resolve(answer);
    });
  });
}
