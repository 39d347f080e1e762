/**
 * `npm run reshard -w @pigeon/server -- --from a=URL,b=URL --to a=URL,b=URL,c=URL [--batch 100] [--dry-run]`
 *
 * Moves rows to their shards under a new shard list. Stop every server first,
 * run this, then start the servers with the new list (README.md beside this file).
 */
import { parseArgs } from 'node:util';
import { reshard } from './reshard.js';

const USAGE = 'usage: reshard --from name=url,... --to name=url,... [--batch N] [--dry-run]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      batch: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.from || !values.to) {
    console.error(USAGE);
    return 2;
  }
  const list = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);
  const batchSize = values.batch === undefined ? undefined : Number(values.batch);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    console.error(`--batch must be a positive integer\n${USAGE}`);
    return 2;
  }
  const report = await reshard({
    from: list(values.from), to: list(values.to), ...(batchSize && { batchSize }), dryRun: values['dry-run'], log: (line) => console.log(line),
  });
  const verb = values['dry-run'] ? 'would move' : 'moved';
  for (const kind of Object.keys(report.scanned) as (keyof typeof report.scanned)[]) {
    console.log(`${kind}: ${verb} ${report.moved[kind]} of ${report.scanned[kind]}`);
  }
  return 0;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
