import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * Aggregates a V8 .cpuprofile (node --cpu-prof): self time by function and
 * by category (JSON, ws framing, sqlite, zod, ...), and inclusive time of the
 * heaviest frames. Samples can be limited to a time range in µs of the
 * monotonic clock, which is what the bench records for its measured window.
 *
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile> [--from µs] [--to µs] [--top 20]
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  /** Milliseconds of samples in the range, idle included. */
  totalMs: number;
  idleMs: number;
  categories: { name: string; ms: number }[];
  self: { name: string; category: string; ms: number }[];
  inclusive: { name: string; ms: number }[];
}

const REPO_PREFIX = /^file:\/\/.*?\/(packages|bench)\//;

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  return url.replace(REPO_PREFIX, '$1/');
}

function frameName(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  // Lines are of the tsx output, roughly the source's; many functions report line 0, i.e. unknown.
  return frame.lineNumber > 0 ? `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : `${name} ${shortUrl(frame.url)}`;
}

/**
 * better-sqlite3 runs SQLite synchronously inside native functions that the V8
 * profiler does not show as frames: their time (SQL, WAL writes, fsync,
 * checkpoints) is the self time of the store adapter's JS that called them.
 */
const SQLITE = 'sqlite (native better-sqlite3 calls: SQL, WAL writes, fsync, checkpoints)';

const NATIVE_JSON = new Set(['parse', 'stringify']);

/** SHA-256 of uploads: the native `update` runs on the main thread, under hashFile. */
const HASHING = 'hashing (SHA-256 on the main thread)';

/** A category from the frame itself; native frames (no url) borrow their caller's. */
function categoryOf(frame: CallFrame, caller: CallFrame | undefined): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'V8/native, unattributed (program)';
    if (functionName === '(root)') return 'root';
    if (NATIVE_JSON.has(functionName)) return 'JSON parse/stringify';
    if (caller) {
      const callerCategory = categoryOf(caller, undefined);
      if (callerCategory === SQLITE) return SQLITE;
      if (callerCategory === HASHING) return HASHING;
      if (callerCategory.startsWith('node net/stream')) return 'node net/stream (socket I/O)';
      return `native, called from ${callerCategory}`;
    }
    return 'native';
  }
  if (url.includes('/node_modules/ws/')) return 'ws framing (ws library)';
  if (url.includes('/node_modules/zod/')) return 'zod validation';
  if (url.includes('/node_modules/better-sqlite3/')) return SQLITE;
  if (url.includes('/node_modules/pino')) return 'pino logging';
  if (url.includes('/node_modules/fastify') || url.includes('/node_modules/@fastify/')) return 'fastify';
  if (url.includes('/node_modules/ulid/')) return 'ulid';
  // sharp's JS only starts pipelines: libvips decodes and encodes on the libuv pool, outside this profile.
  if (url.includes('/node_modules/sharp/')) return 'sharp (JS side only)';
  if (url.includes('/node_modules/file-type/') || url.includes('/node_modules/strtok3/') || url.includes('/node_modules/token-types/')) return 'media type sniffing (file-type)';
  if (url.includes('/node_modules/')) return `other dependency (${shortUrl(url).split('/')[0]})`;
  if (url.includes('/adapters/store/')) return SQLITE;
  if (url.includes('/media/hash-file') || /^node:(internal\/)?crypto/.test(url)) return HASHING;
  if (url.includes('/adapters/blobs/')) return 'blob store (disk or S3 adapter)';
  if (url.includes('/packages/server/src/media/')) return 'media services';
  if (url.includes('/packages/protocol/')) return 'protocol (parseClientFrame incl. JSON.parse)';
  // JSON.stringify of outgoing frames is a builtin, counted in the caller: Connection.send.
  if (url.includes('/gateway/')) return 'gateway (connection incl. JSON.stringify, hub)';
  if (url.includes('/messaging/') || url.includes('/conversations/')) return 'messaging service';
  if (url.includes('/adapters/bus/')) return 'bus';
  if (url.includes('/packages/server/')) return 'server, other';
  if (/^node:(net|stream|internal\/(streams|stream_base_commons|net))/.test(url)) return 'node net/stream (socket I/O)';
  if (/^node:(internal\/)?fs/.test(url)) return 'node fs (file I/O, JS side)';
  if (/^node:(internal\/)?(timers|process\/task_queues|events)/.test(url)) return 'node timers/ticks/events';
  if (/^node:(buffer|internal\/buffer|internal\/util)/.test(url)) return 'node buffer/util';
  if (url.startsWith('node:')) return 'node internals, other';
  return 'other';
}

export function summarizeProfile(file: string, range: { fromUs?: number; toUs?: number; top?: number } = {}): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const from = range.fromUs ?? -Infinity;
  const to = range.toUs ?? Infinity;
  const top = range.top ?? 20;
  const self = new Map<string, { category: string; us: number }>();
  const inclusive = new Map<string, number>();
  const categories = new Map<string, number>();
  let total = 0;
  let idle = 0;

  let t = profile.startTime;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    t += timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    // A sample stands for the time until the next one.
    const us = Math.max(0, timeDeltas[i + 1] ?? 0);
    const node = byId.get(samples[i]!);
    if (!node) continue;
    const callerId = parent.get(node.id);
    const category = categoryOf(node.callFrame, callerId === undefined ? undefined : byId.get(callerId)?.callFrame);
    total += us;
    if (category === 'idle') {
      idle += us;
      continue;
    }
    const name = frameName(node.callFrame);
    const entry = self.get(name) ?? { category, us: 0 };
    entry.us += us;
    self.set(name, entry);
    categories.set(category, (categories.get(category) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frameKey = frameName(byId.get(id)!.callFrame);
      if (seen.has(frameKey)) continue;
      seen.add(frameKey);
      inclusive.set(frameKey, (inclusive.get(frameKey) ?? 0) + us);
    }
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  return {
    file,
    totalMs: ms(total),
    idleMs: ms(idle),
    categories: [...categories].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: ms(us) })),
    self: [...self].sort((a, b) => b[1].us - a[1].us).slice(0, top)
      .map(([name, e]) => ({ name, category: e.category, ms: ms(e.us) })),
    inclusive: [...inclusive].filter(([name]) => !name.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: ms(us) })),
  };
}

export function formatProfileSummary(s: ProfileSummary): string {
  const busy = s.totalMs - s.idleMs;
  const pct = (v: number) => `${((v / Math.max(s.totalMs, 1e-9)) * 100).toFixed(1).padStart(5)}%`;
  const lines = [
    `server cpu profile ${s.file}`,
    `  window ${(s.totalMs / 1000).toFixed(2)}s: busy ${pct(busy)}, idle ${pct(s.idleMs)} (percentages of wall time)`,
    '  self time by category:',
    ...s.categories.map((c) => `    ${pct(c.ms)}  ${String(c.ms).padStart(8)} ms  ${c.name}`),
    '  top self time:',
    ...s.self.map((f) => `    ${pct(f.ms)}  ${String(f.ms).padStart(8)} ms  ${f.name}  [${f.category}]`),
    '  top inclusive time:',
    ...s.inclusive.map((f) => `    ${pct(f.ms)}  ${String(f.ms).padStart(8)} ms  ${f.name}`),
  ];
  return lines.join('\n');
}

/**
 * The main thread's profile of process `pid` in `dir`. Node names them
 * CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; tsx's loader runs on a
 * second thread, which writes its own (idle) profile.
 */
export function serverProfile(dir: string, pid: number): string | undefined {
  const mine = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile') && name.includes(`.${pid}.`));
  const main = mine.find((name) => name.includes(`.${pid}.0.`));
  if (main) return join(dir, main);
  // Unknown naming: the biggest file is the busy thread.
  const sized = mine.map((name) => ({ file: join(dir, name), size: statSync(join(dir, name)).size }));
  return sized.sort((a, b) => b.size - a.size)[0]?.file;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, top: { type: 'string' }, json: { type: 'boolean' } },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [--from µs] [--to µs] [--top N] [--json]\n');
    process.exit(2);
  }
  const summary = summarizeProfile(file, {
    ...(values.from && { fromUs: Number(values.from) }),
    ...(values.to && { toUs: Number(values.to) }),
    ...(values.top && { top: Number(values.top) }),
  });
  process.stdout.write(`${values.json ? JSON.stringify(summary, null, 2) : formatProfileSummary(summary)}\n`);
}
