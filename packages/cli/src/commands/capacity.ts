import { readFile } from 'node:fs/promises';
import { OPTION_OF, parseBenchmarks, resolveInputs, type Benchmarks } from '../capacity-figures.js';
import { CapacityInputError, estimateCapacity } from '../capacity-model.js';
import { reportJson, reportLines } from '../capacity-report.js';
import { flag, stringOption, type Command } from '../context.js';
import { CliError, EXIT } from '../errors.js';

const DEFAULT_FROM = 'docs/benchmarks.json';
/** What is being planned for: no file or default can say it. */
const REQUIRED = ['users', 'peak-online', 'messages-per-day'];

/** `1000000000`, `1,000,000,000`, `1_000_000_000`, `1e9` and `0.6` are numbers; anything else is a usage error. */
export function parseNumberOption(name: string, raw: string): number {
  const text = raw.replace(/[,_]/g, '');
  const value = Number(text);
  if (!/^\d*\.?\d+(e\d+)?$/i.test(text) || !Number.isFinite(value)) {
    throw new CliError('USAGE', `--${name} must be a number (like 1000000, 1,000,000, 1e6 or 0.6), not "${raw}"`, EXIT.USAGE);
  }
  return value;
}

/** The benchmark file: the default one may be absent (then every figure comes from options); a named one must exist. */
async function loadBenchmarks(path: string, named: boolean): Promise<Benchmarks | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !named) return undefined;
    throw new CliError('BENCHMARKS_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`);
  }
  const bench = parseBenchmarks(text, path);
  if (!bench) throw new CliError('BENCHMARKS_UNREADABLE', `${path} is neither docs/benchmarks.json's {results: …} nor JSON lines from npm run bench -- <scenario> --json`);
  return bench;
}

/** `pigeon capacity`: measured per-node figures turned into a deployment estimate, arithmetic shown. No server involved. */
export const capacity: Command = {
  async run(ctx) {
    const options: Partial<Record<string, number>> = {};
    for (const name of new Set(Object.values(OPTION_OF))) {
      const raw = stringOption(ctx.values, name);
      if (raw !== undefined) options[name] = parseNumberOption(name, raw);
    }
    const absent = REQUIRED.filter((name) => options[name] === undefined);
    if (absent.length > 0) throw new CliError('USAGE', `missing ${absent.map((name) => `--${name}`).join(', ')}`, EXIT.USAGE);
    const from = stringOption(ctx.values, 'from');
    const path = from ?? DEFAULT_FROM;
    const inputs = resolveInputs(options, await loadBenchmarks(path, from !== undefined), path);
    let estimate;
    try {
      estimate = estimateCapacity(inputs);
    } catch (error) {
      if (error instanceof CapacityInputError) throw new CliError('MISSING_FIGURE', error.problems.join('; '));
      throw error;
    }
    if (flag(ctx.values, 'json')) ctx.out(JSON.stringify(reportJson(inputs, estimate)));
    else for (const line of reportLines(inputs, estimate)) ctx.out(line);
    return EXIT.OK;
  },
};
