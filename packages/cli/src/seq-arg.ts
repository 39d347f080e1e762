import { CliError, EXIT } from './errors.js';

/** A <seq> argument: a message's number in its conversation, as `send` prints it. */
export function messageSeq(raw: string): number {
  const seq = Number(raw);
  if (!/^\d+$/.test(raw) || seq < 1 || !Number.isSafeInteger(seq)) {
    throw new CliError('USAGE', `<seq> must be a message number like 12, as send prints it (got "${raw}")`, EXIT.USAGE);
  }
  return seq;
}
