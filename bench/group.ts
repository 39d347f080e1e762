import { randomBytes } from 'node:crypto';
import { registerUsers } from './accounts.js';
import { buildGroupResult, type GroupResult } from './group-result.js';
import { createMembers, type Members, type Schedule } from './group-members.js';
import { createSenders, type Senders } from './group-senders.js';
import { connectAll, createGroup } from './group-setup.js';
import { prepareProcStats, readCpuSeconds } from './proc-stats.js';
import { createLog, createProgress, type Progress } from './progress.js';
import { startServer } from './server-process.js';
import { createTimeline } from './timeline.js';
import { measureWindow, phaseAt, sleep } from './window.js';

export type { GroupResult } from './group-result.js';

export interface GroupOptions {
  /** Users in the group, one device each, all online. */
  members: number;
  /** Members that send, round robin. */
  senders: number;
  /** Messages per second, all senders together. */
  rate: number;
  /** Ack coalescing window of every member device. */
  ackMs: number;
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
}

export const GROUP_DEFAULTS: GroupOptions = {
  members: 500, senders: 10, rate: 120, ackMs: 100, duration: 10, warmup: 1, textBytes: 32,
};

/** The server's default member limit; bigger groups raise it. */
const DEFAULT_MAX_MEMBERS = 1024;
const REGISTER_CONCURRENCY = 20;
const CONNECT_AT_ONCE = 50;
const DRAIN_TIMEOUT_MS = 5000;
/** The first message is due this long after the timetable is made, so it is not late from the start. */
const START_LEAD_MS = 20;

/** Once a second: send and delivery rates, p99 of the last second's deliveries, and both processes' CPU. */
function startTicker(args: {
  members: Members; senders: Senders; progress: Progress; serverPid: number; schedule: Schedule;
}): NodeJS.Timeout {
  const { members, senders, progress, schedule } = args;
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1e6;
  };
  let last = { t: performance.now(), sent: 0, deliveries: 0, serverCpu: readCpuSeconds(args.serverPid), clientCpu: cpu() };
  return setInterval(() => {
    const now = performance.now();
    const { totalSent } = senders.counters;
    const { deliveries, errors } = members.counters;
    const serverCpu = readCpuSeconds(args.serverPid);
    const clientCpu = cpu();
    const dt = (now - last.t) / 1000;
    const pct = (s: number) => Math.round((s / dt) * 100);
    progress.update(
      `[group ${phaseAt((now + last.t) / 2, schedule.window)}] ${((now - schedule.t0) / 1000).toFixed(1)}s`
        + `  sent/s ${Math.round((totalSent - last.sent) / dt)}  deliveries/s ${Math.round((deliveries - last.deliveries) / dt)}`
        + `  p99 ${members.recent.percentile(0.99).toFixed(1)}ms  server cpu ${pct(serverCpu - last.serverCpu)}%`
        + `  client cpu ${pct(clientCpu - last.clientCpu)}%  errors ${errors}`,
    );
    members.recent.reset();
    last = { t: now, sent: totalSent, deliveries, serverCpu, clientCpu };
  }, 1000);
}

/** True once every send is answered and every confirmed message reached every recipient. */
function settled(members: Members, senders: Senders, recipients: number): boolean {
  if (senders.unanswered() > 0) return false;
  const received = members.received();
  return senders.confirmed().every((n) => received[n] === recipients);
}

/**
 * One group of `members` online users over real WebSockets against a fresh
 * server process; `senders` of them send `rate` messages a second in total at
 * fixed times, and every other member's device must get each one.
 */
export async function runGroup(input: Partial<GroupOptions> = {}): Promise<GroupResult> {
  const options: GroupOptions = { ...GROUP_DEFAULTS, ...input };
  if (options.members < 2) throw new Error('a group bench needs at least 2 members');
  if (options.senders > options.members) throw new Error(`--senders (${options.senders}) exceeds --members (${options.members})`);
  const log = createLog(options.verbose ?? false);
  const progress = createProgress(options.verbose ?? false);
  const setupStart = performance.now();
  const env = {
    ...(options.members > DEFAULT_MAX_MEMBERS && { PIGEON_GROUP_MAX_MEMBERS: String(options.members) }),
    ...options.serverEnv,
  };
  log(`starting server${options.serverProfile ? ` (cpu profile to ${options.serverProfile})` : ''}`);
  // The production frame limits stay: a member writes ~10 acks a second, a sender 10 sends more.
  const server = await startServer({
    env,
    keepFrameLimits: true,
    ...(options.serverProfile && { profileDir: options.serverProfile }),
    ...(options.serverEntry && { entry: options.serverEntry }),
  });
  const timers: NodeJS.Timeout[] = [];
  let members: Members | undefined;
  try {
    log(`server pid ${server.pid} at ${server.url}; registering ${options.members} users`);
    const accounts = await registerUsers(server, options.members, REGISTER_CONCURRENCY);
    const group = await createGroup(server, accounts[0]!, accounts.slice(1));
    log(`group ${group.id} created (seq ${group.lastSeq}); connecting ${accounts.length} websockets`);

    const clientIdPrefix = `${randomBytes(4).toString('hex')}-`;
    const timeline = createTimeline(options.duration);
    const senders = createSenders({ conv: group.id, clientIdPrefix, textBytes: options.textBytes, timeline });
    const shard = createMembers({
      conv: group.id, clientIdPrefix, ackMs: options.ackMs, timeline,
      onOther: (type, data) => senders.onFrame(type, data),
      onError: (id) => senders.onError(id),
    });
    members = shard;
    const slots = accounts.map(() => shard.add());
    const links = await connectAll(server, accounts, (i) => slots[i]!.handlers, CONNECT_AT_ONCE);
    links.forEach((link, i) => {
      slots[i]!.attach(link);
      if (i < options.senders) senders.attach(link);
    });
    prepareProcStats();
    const setupS = (performance.now() - setupStart) / 1000;

    log(`running: ${options.members} members, ${options.senders} senders, ${options.rate} msg/s, `
      + `acks every ${options.ackMs} ms, ${options.warmup}s warmup + ${options.duration}s measured`);
    const t0 = performance.now() + START_LEAD_MS;
    const span = options.warmup + options.duration;
    const schedule: Schedule = {
      t0,
      intervalMs: 1000 / options.rate,
      capacity: Math.ceil(span * options.rate) + 1,
      window: { start: t0 + options.warmup * 1000, end: t0 + span * 1000 },
    };
    timers.push(startTicker({ members: shard, senders, progress, serverPid: server.pid, schedule }));
    const readings = await measureWindow({
      serverPid: server.pid,
      window: schedule.window,
      start: () => {
        timeline.start(schedule.window);
        shard.start(schedule);
        senders.start(schedule);
      },
      stop: () => senders.stop(),
    });

    // Stopped sending: wait (bounded) for the replies and deliveries still in flight.
    const recipients = options.members - 1;
    const drainDeadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (!settled(shard, senders, recipients) && performance.now() < drainDeadline) await sleep(10);
    shard.flushAcks();

    if (server.warnings.count > 0) log(`server warnings (last ${server.warnings.last.length}):\n  ${server.warnings.last.join('\n  ')}`);
    return buildGroupResult({
      options, members: shard, senders, schedule, readings, setupS, timeline: timeline.points(),
      server: { pid: server.pid, settings: server.settings, warnings: server.warnings.count },
    });
  } finally {
    for (const timer of timers) clearInterval(timer);
    progress.done();
    if (members) await Promise.all(members.links().map((link) => link.close()));
    await server.stop();
  }
}
