import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directConversationId, type VerifyCodeResponse } from '@pigeon/protocol';
import { HttpApi, PigeonClient } from '@pigeon/sdk';
import { nodeSocket } from '@pigeon/sdk/node';
import { benchPhone } from './accounts.js';
import { startCluster, type Cluster } from './cluster.js';
import { judge, type Acked, type Shown } from './cluster-verdict.js';
import { haveNginx, startNginx, type Nginx } from './nginx.js';

/**
 * Three nodes on two PostgreSQL shards and Redis, behind nginx with the
 * shipped config; 100 users with two devices each (200 clients) chatting in
 * pairs and in groups of ten while one node is killed with SIGKILL and later
 * restarted, and another drained with SIGTERM.
 */
const USERS = 100;
const GROUP_SIZE = 10;
const SEND_EVERY_MS = 400;
const TRAFFIC_MS = 20_000;
const KILL_AT_MS = 5_000;
const RESTART_AT_MS = 10_000;
const DRAIN_AT_MS = 13_000;
const SETTLE_TIMEOUT_MS = 45_000;
const SESSION_TTL_MS = 3_000;

interface Device {
  user: number;
  client: PigeonClient;
  shown: Map<string, Shown[]>;
  /** Connection states and replays with their times, to explain a fault. */
  timeline: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(100);
  }
}

describe('cluster: three nodes behind nginx, one killed and one drained', { timeout: 240_000 }, () => {
  let cluster: Cluster;
  let lb: Nginx;
  const devices: Device[] = [];
  const userIds: string[] = [];
  const recipients = new Map<string, string[]>();
  const userConvs: string[][] = Array.from({ length: USERS }, () => []);

  async function login(phone: string): Promise<VerifyCodeResponse> {
    const api = new HttpApi(lb.url, { apiKey: cluster.apiKey });
    const code = cluster.nextCode(phone);
    await api.requestCode(phone);
    return api.verifyCode(phone, await code, 'cluster test');
  }

  before(async () => {
    assert.ok(haveNginx(), 'nginx is not installed (Debian: apt-get install -y nginx; .ci/run installs it)');
    cluster = await startCluster({ nodes: 3, shards: 2, env: { PIGEON_SESSION_TTL_MS: String(SESSION_TTL_MS) } });
    lb = await startNginx(cluster.ports);
    const logins: VerifyCodeResponse[] = [];
    // Two devices per user: a second login of the same number adds a device.
    for (let batch = 0; batch < USERS * 2; batch += 20) {
      const slice = Array.from({ length: 20 }, (_, j) => batch + j);
      logins.push(...(await Promise.all(slice.map((n) => login(benchPhone(9_000_000 + (n % USERS)))))));
    }
    for (let u = 0; u < USERS; u++) userIds.push(logins[u]!.user.id);
    for (const [n, session] of logins.entries()) {
      const client = new PigeonClient({ url: lb.url, token: session.token, socket: nodeSocket, reconnect: { baseMs: 200, maxMs: 2000 } });
      const device: Device = { user: n % USERS, client, shown: new Map(), timeline: [] };
      client.on('state', (state) => device.timeline.push(`${Date.now() % 100_000} ${state}`));
      client.on('synced', ({ replayed }) => device.timeline.push(`${Date.now() % 100_000} synced ${replayed}`));
      client.on('message', (m) => {
        let list = device.shown.get(m.conv);
        if (!list) device.shown.set(m.conv, (list = []));
        list.push({ seq: m.seq, text: m.body.kind === 'text' ? m.body.text : undefined });
      });
      devices.push(device);
    }
    const devicesOf = (users: number[]) => logins.filter((_, n) => users.includes(n % USERS)).map((l) => l.device.id);
    for (let u = 0; u < USERS; u += 2) {
      const conv = directConversationId(userIds[u]!, userIds[u + 1]!);
      recipients.set(conv, devicesOf([u, u + 1]));
      userConvs[u]!.push(conv);
      userConvs[u + 1]!.push(conv);
    }
    for (let first = 0; first < USERS; first += GROUP_SIZE) {
      const members = Array.from({ length: GROUP_SIZE }, (_, j) => first + j);
      const api = new HttpApi(lb.url, { token: logins[first]!.token });
      const { group } = await api.createGroup(`group ${first / GROUP_SIZE}`, members.slice(1).map((m) => userIds[m]!));
      recipients.set(group.id, devicesOf(members));
      for (const m of members) userConvs[m]!.push(group.id);
    }
    await Promise.all(devices.map((d) => d.client.connect()));
  });

  after(async () => {
    await Promise.all(devices.map((d) => d.client.close()));
    await lb?.stop();
    await cluster?.close();
  });

  it('delivers every acknowledged message exactly once, in order, to every device; presence is right afterwards', async () => {
    const acked: Acked[] = [];
    const sends: Promise<void>[] = [];
    const errors: string[] = [];
    let sent = 0;
    const start = Date.now();
    // Each user sends from one device or the other, alternating between their chats.
    const timers = Array.from({ length: USERS }, (_, u) => setInterval(() => {
      const n = sent++;
      const device = devices[u + USERS * (n % 2)]!;
      const conv = userConvs[u]![n % userConvs[u]!.length]!;
      const text = `u${u} #${n}`;
      sends.push(device.client.sendText(conv, text).then(
        (ack) => void acked.push({ conv, seq: ack.seq, device: device.client.deviceId!, text, at: Date.now() % 100_000 }),
        (error: Error) => void errors.push(`${text}: ${error.message}`),
      ));
    }, SEND_EVERY_MS + (u % 7)));

    const chaosLog: string[] = [];
    const mark = (what: string) => chaosLog.push(`${Date.now() % 100_000} ${what}`);
    const chaos = (async () => {
      await sleep(KILL_AT_MS);
      mark('kill 1');
      await cluster.kill(1);
      await sleep(RESTART_AT_MS - KILL_AT_MS);
      mark('restart 1');
      await cluster.start(1);
      mark('restarted 1');
      await sleep(DRAIN_AT_MS - RESTART_AT_MS);
      mark('drain 2');
      await cluster.drain(2);
      mark('drained 2');
    })();
    await sleep(TRAFFIC_MS);
    for (const timer of timers) clearInterval(timer);
    await chaos;
    const stoppedAt = Date.now();

    await Promise.race([Promise.all(sends), sleep(SETTLE_TIMEOUT_MS)]);
    assert.deepEqual(errors, [], 'no send may fail');
    assert.equal(acked.length, sends.length, 'every send is acknowledged (the SDK resends across reconnects)');
    const shown = new Map(devices.map((d) => [d.client.deviceId!, d.shown] as const));
    let verdict = judge({ acked, shown, recipients });
    await until('every recipient device shows every acknowledged message', () => {
      verdict = judge({ acked, shown, recipients });
      return verdict.lost === 0;
    }, SETTLE_TIMEOUT_MS).catch(() => undefined);
    if (verdict.samples.length > 0) {
      const byId = new Map(devices.map((d) => [d.client.deviceId!, d]));
      for (const sample of verdict.samples) {
        const [, conv, seq, device] = /(\S+)#(\d+).* (\S+)$/.exec(sample) ?? [];
        const d = byId.get(device ?? '');
        const list = d?.shown.get(conv ?? '')?.map((m) => m.seq) ?? [];
        const ack = acked.find((a) => a.conv === conv && a.seq === Number(seq));
        console.log(`${sample}\n  acked at ${ack?.at} by ${ack?.device}; shown ${list.join(',')}\n  timeline ${d?.timeline.join(' | ')}`);
      }
      console.log(`chaos: ${chaosLog.join(' | ')}`);
    }
    console.log(JSON.stringify({
      cluster_verdict: { ...verdict, samples: verdict.samples.length },
      reconnects: devices.reduce((n, d) => n + d.timeline.filter((t) => t.endsWith('reconnecting')).length, 0),
      sent: sends.length, traffic_s: (stoppedAt - start) / 1000, settled_s: (Date.now() - stoppedAt) / 1000,
    }));
    assert.equal(verdict.lost, 0);
    assert.equal(verdict.duplicates, 0);
    assert.equal(verdict.out_of_order, 0);
    assert.equal(verdict.mismatched, 0);
    assert.equal(verdict.stored_twice, 0);
    assert.ok(verdict.acked > (USERS * TRAFFIC_MS) / SEND_EVERY_MS / 2, `traffic flowed (${verdict.acked} acknowledged)`);

    // Presence: the dead node's sessions expired without taking offline anyone who reconnected elsewhere.
    await sleep(SESSION_TTL_MS * 2);
    const observer = devices[1]!.client.api;
    const presence = await Promise.all(userIds.map((id) => observer.presence(id)));
    assert.deepEqual(presence.filter((p) => !p.online).map((p) => p.user), [], 'everyone connected is online');
    const leftAt = Date.now();
    await Promise.all([devices[0]!.client.close(), devices[USERS]!.client.close()]);
    await until('user 0 shows offline', async () => !(await observer.presence(userIds[0]!)).online, 10_000);
    const { lastSeen } = await observer.presence(userIds[0]!);
    assert.ok(lastSeen !== null && lastSeen >= leftAt - 1000 && lastSeen <= Date.now(), `last seen ${lastSeen} is when user 0 left (${leftAt})`);
    assert.equal((await observer.presence(userIds[2]!)).online, true);
  });
});
