import type { SmsSender } from '../../ports/sms.js';

/**
 * The development SMS provider: prints each text to standard output instead of
 * sending it. The only place a one-time code may appear in server output.
 */
export function createConsoleSms(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): SmsSender {
  return {
    name: 'console',
    async send(to, text) {
      write(`[sms to ${to}] ${text}`);
      return { ok: true };
    },
  };
}
