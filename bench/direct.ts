import { randomBytes } from 'node:crypto';
import { directConversationId } from '@pigeon/protocol';
import { registerUsers, type Account } from './accounts.js';
import { buildResult, type DirectResult } from './direct-result.js';
import { createTraffic, type Traffic } from './direct-traffic.js';
import { prepareProcStats, readCpuSeconds } from './proc-stats.js';
import { createLog, createProgress, type Progress } from './progress.js';
import { startCluster } from './cluster.js';
import { startServer, type ServerProcess } from './server-process.js';
import { createLatencyRecorder, createLogHistogram, type LogHistogram } from './stats.js';
import { createTimeline } from './timeline.js';
import { measureWindow, phaseAt, sleep, type Window } from './window.js';
import { openLink, type Link } from './ws-client.js';

export type { DirectResult } from './direct-result.js';

export interface DirectOptions {
  pairs: number;
  /** Closed loop: messages each sender keeps outstanding (unused with `rate`). */
  inflight: number;
  /** Open loop: messages per second over all pairs, sent at fixed times whatever the replies. */
  rate?: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of traffic before the window, not counted. */
  warmup: number;
  textBytes: number;
  /** Directory for the server's --cpu-prof output. */
  serverProfile?: string;
  /** Extra server settings (PIGEON_*=value). */
  serverEnv?: Record<string, string>;
  /** Another server main module to run (an A/B build); default this repository's. */
  serverEntry?: string;
  /** Progress line and setup messages on stderr. */
  verbose?: boolean;
  /** Run this many nodes on PostgreSQL + Redis instead of one embedded server. */
  cluster?: number;
  /** PostgreSQL databases (shards) of the cluster (default 1). */
  shards?: number;
}

export const DIRECT_DEFAULTS: DirectOptions = { pairs: 100, inflight: 4, duration: 10, warmup: 1, textBytes: 32 };

const REGISTER_CONCURRENCY = 20;
/** Pairs connected at a time (two sockets each). */
const CONNECT_PAIRS_AT_ONCE = 25;
/** As the SDK: one ack per conversation per 100 ms. */
const ACK_INTERVAL_MS = 100;
const DRAIN_TIMEOUT_MS = 5000;
/** What a cluster runs on besides its nodes: their CPU shows where the time goes. */
const CLUSTER_SERVICES = ['postgres', 'redis-server'];

/**
 * One embedded server, or a cluster of nodes. Registration goes to the first
 * node; the codes may be printed by any.
 */
async function startServers(options: DirectOptions): Promise<{ nodes: ServerProcess[]; registrar: ServerProcess; stop(): Promise<void> }> {
  const server = {
    ...(options.serverProfile && { profileDir: options.serverProfile }),
    ...(options.serverEntry && { entry: options.serverEntry }),
  };
  if (!options.cluster) {
    const node = await startServer({ ...server, ...(options.serverEnv && { env: options.serverEnv }) });
    return { nodes: [node], registrar: node, stop: () => node.stop() };
  }
  const cluster = await startCluster({ nodes: options.cluster, shards: options.shards ?? 1, server, ...(options.serverEnv && { env: options.serverEnv }) });
  const nodes = cluster.nodes.filter((n) => n !== undefined);
  return { nodes, registrar: { ...nodes[0]!, nextCode: cluster.nextCode }, stop: () => cluster.close() };
}

/** Pair i's sender is on node i and its receiver on node i + 1 (of n): with two or more nodes, every message crosses nodes. */
async function connectPairs(nodes: ServerProcess[], accounts: Account[], traffic: Traffic, pairs: number): Promise<void> {
  for (let first = 0; first < pairs; first += CONNECT_PAIRS_AT_ONCE) {
    const batch = Array.from({ length: Math.min(CONNECT_PAIRS_AT_ONCE, pairs - first) }, (_, j) => first + j);
    await Promise.all(batch.map(async (i) => {
      const sender = accounts[2 * i]!;
      const receiver = accounts[2 * i + 1]!;
      const pair = traffic.addPair(directConversationId(sender.userId, receiver.userId));
      const [s, r] = await Promise.all([
        openLink(nodes[i % nodes.length]!.wsUrl, sender.token, pair.senderHandlers),
        openLink(nodes[(i + 1) % nodes.length]!.wsUrl, receiver.token, pair.receiverHandlers),
      ]);
      pair.attach(s, r);
    }));
  }
}

/** Once a second: rates and p99 of the last second, and the server's CPU. */
function startTicker(args: {
  traffic: Traffic; recent: LogHistogram; progress: Progress; serverPids: number[]; t0: number; window: Window;
}): NodeJS.Timeout {
  const { traffic, recent, progress, window, t0 } = args;
  const serversCpu = () => args.serverPids.reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
  let last = { t: t0, sent: 0, delivered: 0, serverCpu: serversCpu() };
  return setInterval(() => {
    const now = performance.now();
    const { totalSent, delivered, errors } = traffic.counters;
    const serverCpu = serversCpu();
    const dt = (now - last.t) / 1000;
    const phase = phaseAt((now + last.t) / 2, window);
    progress.update(
      `[direct ${phase}] ${((now - t0) / 1000).toFixed(1)}s  sent/s ${Math.round((totalSent - last.sent) / dt)}`
        + `  delivered/s ${Math.round((delivered - last.delivered) / dt)}  p99 ${recent.percentile(0.99).toFixed(1)}ms`
        + `  server cpu ${Math.round(((serverCpu - last.serverCpu) / dt) * 100)}%  errors ${errors}`,
    );
    recent.reset();
    last = { t: now, sent: totalSent, delivered, serverCpu };
  }, 1000);
}

/**
 * N sender/receiver pairs over real WebSockets against a fresh server process:
 * each sender keeps `inflight` messages outstanding, or with `rate` the pairs
 * send on a fixed timetable (open loop); latency is send frame written (closed)
 * or due (open) → the receiver's `message`, both ends in this process.
 */
export async function runDirect(input: Partial<DirectOptions> = {}): Promise<DirectResult> {
  const options: DirectOptions = { ...DIRECT_DEFAULTS, ...input };
  const log = createLog(options.verbose ?? false);
  const progress = createProgress(options.verbose ?? false);
  const setupStart = performance.now();
  log(options.cluster
    ? `starting ${options.cluster} nodes on PostgreSQL (${options.shards ?? 1} shard(s)) + Redis`
    : `starting server${options.serverProfile ? ` (cpu profile to ${options.serverProfile})` : ''}`);
  const servers = await startServers(options);
  const server = servers.registrar;
  const pids = servers.nodes.map((n) => n.pid);
  const latencies = createLatencyRecorder();
  const recent = createLogHistogram();
  const sendLag = createLatencyRecorder(1 << 12);
  const timeline = createTimeline(options.duration);
  const traffic = createTraffic({
    inflight: options.inflight, textBytes: options.textBytes, nonce: randomBytes(4).toString('hex'), latencies, recent,
    sendLag, timeline, ...(options.rate !== undefined && { rate: options.rate }),
  });
  const timers: NodeJS.Timeout[] = [];
  try {
    log(`server pid(s) ${pids.join(', ')} at ${servers.nodes.map((n) => n.url).join(', ')}; registering ${options.pairs * 2} users`);
    const accounts = await registerUsers(server, options.pairs * 2, REGISTER_CONCURRENCY);
    log(`connecting ${accounts.length} websockets`);
    await connectPairs(servers.nodes, accounts, traffic, options.pairs);
    prepareProcStats();
    const setupS = (performance.now() - setupStart) / 1000;

    const load = options.rate !== undefined ? `${options.rate} msg/s open loop` : `${options.inflight} in flight`;
    log(`running: ${options.pairs} pairs, ${load}, ${options.warmup}s warmup + ${options.duration}s measured`);
    const t0 = performance.now();
    const window = { start: t0 + options.warmup * 1000, end: t0 + (options.warmup + options.duration) * 1000 };
    timers.push(setInterval(() => traffic.flushAcks(), ACK_INTERVAL_MS));
    timers.push(startTicker({ traffic, recent, progress, serverPids: pids, t0, window }));
    const readings = await measureWindow({
      serverPid: server.pid, window, start: () => traffic.start(window, t0), stop: () => traffic.stop(),
      ...(options.cluster && { nodePids: pids, services: CLUSTER_SERVICES }),
    });

    // Stopped sending: wait (bounded) for the replies and deliveries still in flight.
    const drainDeadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (!traffic.settled() && performance.now() < drainDeadline) await sleep(10);
    traffic.flushAcks();

    const warnings = servers.nodes.reduce((n, node) => n + node.warnings.count, 0);
    for (const node of servers.nodes) {
      if (node.warnings.count > 0) log(`server ${node.pid} warnings (last ${node.warnings.last.length}):\n  ${node.warnings.last.join('\n  ')}`);
    }
    return buildResult({
      options, traffic, latency: latencies.summary(), histogram: latencies.histogram(), sendLag: sendLag.summary(),
      timeline: timeline.points(), window: readings, setupS,
      server: { pid: server.pid, settings: server.settings, warnings },
    });
  } finally {
    for (const timer of timers) clearInterval(timer);
    progress.done();
    await Promise.all(traffic.links().map((link: Link) => link.close()));
    await servers.stop();
  }
}
