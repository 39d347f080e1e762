import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { cleanEnv, exitOf, killAll, start, startServer, until, type PigeonServer, type Proc } from './processes.js';

const ALICE = '+15550000001';
const BOB = '+15550000002';
const CAROL = '+15550000003';
const BIN = 'packages/cli/bin/pigeon.js';

describe('pigeon CLI against a real server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pigeon-cli-e2e-'));
  const home = join(dir, 'home');
  let server: PigeonServer;
  let env: NodeJS.ProcessEnv;

  // A test that fails midway leaves its follow running; it must not fight the next test's follow
  // of the same profile for the device's connection.
  const spawned = new Set<Proc>();
  const spawnCli = (args: string[], stdin: 'pipe' | 'ignore' = 'ignore'): Proc => {
    const proc = start([BIN, ...args], env, stdin);
    spawned.add(proc);
    void proc.exited.then(() => spawned.delete(proc));
    return proc;
  };
  afterEach(async () => {
    for (const proc of spawned) proc.child.kill('SIGKILL');
    await Promise.all([...spawned].map((proc) => proc.exited));
  });
  async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const proc = spawnCli(args);
    const code = await exitOf(proc);
    return { code, stdout: proc.stdout.join('\n'), stderr: proc.stderr.join('\n') };
  }
  async function ok(args: string[]): Promise<string> {
    const result = await cli(args);
    assert.equal(result.code, 0, `pigeon ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  }
  const json = (line: string) => JSON.parse(line) as Record<string, unknown> & { body?: { kind?: string; text?: string; event?: string } };
  const CLOCK = String.raw`\[\d\d:\d\d:\d\d\]`;

  before(async () => {
    server = await startServer(join(dir, 'data'));
    env = cleanEnv({ PIGEON_CLI_HOME: home, PIGEON_CLI_SERVER: server.url, PIGEON_CLI_API_KEY: server.apiKey });
  });
  after(async () => {
    killAll();
    await server?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with --code, and with the code typed at the prompt', async () => {
    // Without --code and with no input, login requests a code and says how to finish.
    let code = server.nextCode(ALICE);
    const requested = await cli(['--profile', 'alice', 'login', '--phone', ALICE]);
    assert.equal(requested.code, 0, requested.stderr);
    assert.match(requested.stderr, /finish with: pigeon --profile alice login --phone \+15550000001 --code <code>/);
    assert.match(await ok(['--profile', 'alice', 'login', '--phone', ALICE, '--code', await code, '--name', 'Alice']), /logged in as \+15550000001 \(new account\)/);

    code = server.nextCode(BOB);
    const login = spawnCli(['--profile', 'bob', 'login', '--phone', BOB], 'pipe');
    login.child.stdin!.end(`${await code}\n`);
    assert.equal(await exitOf(login), 0, login.stderr.join('\n'));
    assert.match(login.stderr.join('\n'), /Code sent to \+15550000002 \(the dev server prints it in its log\): /);

    assert.equal(statSync(join(home, 'profiles', 'bob.json')).mode & 0o777, 0o600);
    const whoami = await ok(['--profile', 'bob', 'whoami']);
    assert.match(whoami, /phone +\+15550000002/);
    assert.doesNotMatch(whoami, /pgn_/);
    assert.match(await ok(['--profile', 'bob', 'whoami', '--show-token']), /token +pgn_/);
  });

  it('sends to a phone number, and the recipient follows, pages and lists it', async () => {
    const sent = await ok(['--profile', 'alice', 'send', BOB, 'hello', 'bob']);
    const conv = /^sent seq 1 to (d:\S+)$/.exec(sent)?.[1];
    assert.ok(conv, sent);

    const follow = spawnCli(['--profile', 'bob', 'follow', '--json']);
    const replayed = json(await follow.line((l) => json(l).event === 'message', 'replayed message'));
    assert.deepEqual([replayed.conv, replayed.seq, replayed.body?.text], [conv, 1, 'hello bob']);
    await follow.line((l) => json(l).event === 'synced', 'synced');
    // Shown is not read: the message counts as unread until someone marks it.
    const [summary] = JSON.parse(await ok(['--profile', 'bob', 'conversations', '--json'])) as { id: string; unread: number; label: string }[];
    assert.deepEqual([summary?.id, summary?.unread, summary?.label], [conv, 1, 'Alice']);
    assert.match(await ok(['--profile', 'bob', 'conversations']), /^d:\S+ +Alice +1 unread +[\d:]+ +Alice: hello bob$/);

    const live = JSON.parse(await ok(['--profile', 'alice', 'send', BOB, 'live one', '--json'])) as { seq: number };
    assert.equal(json(await follow.line((l) => json(l).body?.text === 'live one', 'live message')).seq, live.seq);
    follow.child.kill('SIGTERM');
    assert.equal(await exitOf(follow), 0, follow.stderr.join('\n'));

    const history = await ok(['--profile', 'bob', 'history', ALICE]);
    assert.match(history, /^\[\d\d:\d\d:\d\d\] Alice: hello bob\n\[\d\d:\d\d:\d\d\] Alice: live one$/);
    assert.match(await ok(['--profile', 'alice', 'history', conv, '--limit', '1']), /^\[\d\d:\d\d:\d\d\] me: live one {2}✓✓$/);
    assert.match(await ok(['--profile', 'bob', 'conversations']), /^d:\S+ +Alice +2 unread +[\d:]+ +Alice: live one$/);
  });

  it('chats through follow <to>: piped lines are sent, incoming ones shown and marked read', async () => {
    const chat = spawnCli(['--profile', 'bob', 'follow', ALICE, '--read'], 'pipe');
    chat.child.stdin!.write('hi alice\n');
    await chat.line((l) => /\] me: hi alice {2}✓$/.test(l), 'own line confirmed');
    await ok(['--profile', 'alice', 'send', BOB, 'how are you?']);
    await chat.line((l) => /\] Alice: how are you\?$/.test(l), 'incoming line');
    chat.child.stdin!.end();
    assert.equal(await exitOf(chat), 0, chat.stderr.join('\n'));
    assert.match(await ok(['--profile', 'alice', 'history', BOB, '--limit', '2']), /^\[[\d:]+\] \+15550000002: hi alice\n\[[\d:]+\] me: how are you\? {2}✓/);
    // The read mark travels on the socket and is stored asynchronously; wait for it (bounded).
    const deadline = Date.now() + 10_000;
    for (let unread = -1; unread !== 0; ) {
      assert.ok(Date.now() < deadline, `still ${unread} unread`);
      unread = (JSON.parse(await ok(['--profile', 'bob', 'conversations', '--json'])) as { unread: number }[])[0]?.unread ?? -1;
    }
  });

  it('fails with the server\'s code for a number nobody has, and with usage for a bad command line', async () => {
    const unknown = await cli(['--profile', 'alice', 'send', '+15559999999', 'anyone?']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error: USER_NOT_FOUND: /);
    const bogus = await cli(['--profile', 'alice', 'send', '--loud', BOB, 'x']);
    assert.equal(bogus.code, 2);
    assert.match(bogus.stderr, /Unknown option '--loud'[\s\S]*Usage: pigeon send/);
  });

  it('runs a group: created and followed, changed by its admin only, with ticks and message info', async () => {
    const code = server.nextCode(CAROL);
    await ok(['--profile', 'carol', 'login', '--phone', CAROL]);
    await ok(['--profile', 'carol', 'login', '--phone', CAROL, '--code', await code, '--name', 'Carol']);

    // Bob never set a name, so he shows as his number.
    const created = await ok(['--profile', 'alice', 'group', 'create', 'Crew', BOB, CAROL, '--description', 'the test crew']);
    assert.match(created, new RegExp(`^${CLOCK} \\*\\* You created the group "Crew" with \\+15550000002, Carol$`, 'm'));
    const group = /^(g:\S+) {2}Crew$/m.exec(created)?.[1];
    assert.ok(group, created);
    assert.match(created, /^description: the test crew\n.*\n3 members:\n {2}you +\[admin\] +\S+\n {2}\+15550000002 +\S+\n {2}Carol +\S+$/m);

    const follow = spawnCli(['--profile', 'bob', 'follow', '--json']);
    const inGroup = (l: string) => json(l).conv === group;
    const first = json(await follow.line((l) => inGroup(l) && json(l).event === 'message', 'the group\'s first message'));
    assert.deepEqual([first.seq, first.body?.kind, first.body?.event], [1, 'system', 'created']);
    const sent = JSON.parse(await ok(['--profile', 'alice', 'send', group, 'hello', 'crew', '--json'])) as { seq: number };
    const got = json(await follow.line((l) => inGroup(l) && json(l).body?.text === 'hello crew', 'the group message'));
    assert.equal(got.seq, sent.seq);

    // Bob's follow acknowledged it (asynchronously); Carol has not been online.
    const info = await until(async () => {
      const text = await ok(['--profile', 'alice', 'info', group, String(sent.seq)]);
      return /^ {2}\+15550000002 +delivered [\d:]+ +not read$/m.test(text) ? text : undefined;
    }, 'Bob\'s delivery in message info');
    assert.match(info, new RegExp(`^${CLOCK} me: hello crew {2}✓$`, 'm'));
    assert.match(info, /^ {2}Carol +not delivered$/m);

    const refused = await cli(['--profile', 'bob', 'group', 'add', group, CAROL]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^error: NOT_ADMIN: /);

    assert.match(await ok(['--profile', 'alice', 'group', 'remove', group, CAROL]), new RegExp(`^${CLOCK} \\*\\* You removed Carol\n[^]*^2 members:$`, 'm'));
    assert.match(await ok(['--profile', 'alice', 'group', 'add', group, CAROL]), new RegExp(`^${CLOCK} \\*\\* You added Carol\n`, 'm'));
    await follow.line((l) => inGroup(l) && json(l).body?.event === 'added', 'the added message, live');
    follow.child.kill('SIGTERM');
    assert.equal(await exitOf(follow), 0, follow.stderr.join('\n'));

    const lines = (text: string) => text.split('\n').map((l) => l.replace(/^\[[\d:]+\] /, ''));
    assert.deepEqual(lines(await ok(['--profile', 'bob', 'history', group])), [
      '** Alice created the group "Crew" with you, Carol', 'Alice: hello crew', '** Alice removed Carol', '** Alice added Carol',
    ]);
    // Carol's window starts again at her return.
    assert.deepEqual(lines(await ok(['--profile', 'carol', 'history', group])), ['** Alice added you']);
    // Delivered counts the current members: Bob has it, and Carol's watermark starts past it.
    assert.match(await ok(['--profile', 'alice', 'history', group]), new RegExp(`^${CLOCK} me: hello crew {2}✓✓$`, 'm'));
    const again = await ok(['--profile', 'alice', 'info', group, String(sent.seq)]);
    assert.match(again, new RegExp(`^${CLOCK} me: hello crew {2}✓✓$`, 'm'));
    assert.doesNotMatch(again, /Carol/, 'added after the message: not waited for, not listed');
    assert.match(await ok(['--profile', 'bob', 'conversations']), new RegExp(`^${group} +Crew +\\d+ unread +[\\d:]+ +\\*\\* Alice added Carol$`, 'm'));
  });

  it('sends a photo that the recipient sees, downloads and reacts to; edits and deletes show folded', async () => {
    const files = join(dir, 'files');
    mkdirSync(files);
    const photo = join(files, 'sunset.png');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 230, g: 120, b: 40 } } }).png().toFile(photo);

    const sent = /^sent seq (\d+) to d:\S+$/.exec(await ok(['--profile', 'alice', 'send', BOB, '--image', photo, '--caption', 'sunset']));
    assert.ok(sent, 'no seq for the photo');
    const seq = sent[1]!;
    const imageLine = new RegExp(`^${CLOCK} #${seq} Alice: \\[image 64×48 \\d+ (B|KB)\\] sunset$`, 'm');
    assert.match(await ok(['--profile', 'bob', 'history', ALICE, '--seq']), imageLine);

    // The original, decoded: the same pixel size. Saved again only with --force.
    const out = join(files, 'got.png');
    assert.match(await ok(['--profile', 'bob', 'download', ALICE, seq, '--out', out]), /^saved .*got\.png \(\d+ (B|KB)\)$/);
    const original = await sharp(out).metadata();
    assert.deepEqual([original.format, original.width, original.height], ['png', 64, 48]);
    const again = await cli(['--profile', 'bob', 'download', ALICE, seq, '--out', out]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^error: FILE_EXISTS: /);
    await ok(['--profile', 'bob', 'download', ALICE, seq, '--out', out, '--force']);
    // A folder as --out keeps the default name; the thumbnail is a WebP.
    const thumb = JSON.parse(await ok(['--profile', 'bob', 'download', ALICE, seq, '--out', files, '--thumbnail', '--json'])) as { path: string };
    assert.equal(thumb.path, join(files, `image-${seq}-thumbnail.webp`));
    assert.equal((await sharp(thumb.path).metadata()).format, 'webp');

    await ok(['--profile', 'bob', 'react', ALICE, seq, '👍']);
    await ok(['--profile', 'alice', 'edit', BOB, seq, 'sunset,', 'edited']);
    const oops = /^sent seq (\d+)/.exec(await ok(['--profile', 'alice', 'send', BOB, 'oops', '--reply-to', seq]))?.[1];
    assert.ok(oops, 'no seq for the text');
    await ok(['--profile', 'alice', 'delete', BOB, oops]);
    const notMedia = await cli(['--profile', 'bob', 'download', ALICE, oops]);
    assert.equal(notMedia.code, 1);
    assert.match(notMedia.stderr, /^error: MESSAGE_DELETED: /);

    // History folds the events into what they are about.
    const lines = (text: string) => text.split('\n').map((l) => l.replace(/^\[[\d:]+\] /, ''));
    const bobSees = lines(await ok(['--profile', 'bob', 'history', ALICE, '--seq', '--limit', '6']));
    assert.deepEqual(bobSees.slice(-2).map((l) => l.replace(/\d+ (B|KB)\]/, 'N]')), [
      `#${seq} Alice: [image 64×48 N] sunset, edited (edited)  {👍 me}`,
      `#${oops} Alice: This message was deleted`,
    ]);
    assert.match(await ok(['--profile', 'alice', 'history', BOB, '--limit', '6']), /^\[[\d:]+\] me: \[image 64×48 \d+ (B|KB)\] sunset, edited \(edited\) {2}\{👍 \+15550000002\}/m);

    // follow shows the log as it happened: the photo, then the edit and the delete as ** lines.
    const follow = spawnCli(['--profile', 'bob', 'follow', '--seq']);
    await follow.line((l) => imageLine.test(l), 'the photo, replayed');
    await follow.line((l) => l.endsWith(`** Alice edited #${seq}: sunset, edited`), 'the edit');
    await follow.line((l) => l.endsWith(`#${oops} Alice: This message was deleted`), 'the tombstone');
    await follow.line((l) => l.endsWith(`** Alice deleted #${oops}`), 'the delete');
    follow.child.kill('SIGTERM');
    assert.equal(await exitOf(follow), 0, follow.stderr.join('\n'));
    const aliceFollow = spawnCli(['--profile', 'alice', 'follow']);
    await aliceFollow.line((l) => l.endsWith(`** +15550000002 reacted 👍 to #${seq}`), 'Bob\'s reaction');
    aliceFollow.child.kill('SIGTERM');
    assert.equal(await exitOf(aliceFollow), 0, aliceFollow.stderr.join('\n'));
  });

  it('logs out: the device is revoked and the profile forgotten', async () => {
    assert.match(await ok(['--profile', 'bob', 'logout']), /logged out \+15550000002/);
    const after = await cli(['--profile', 'bob', 'whoami']);
    assert.equal(after.code, 1);
    assert.match(after.stderr, /error: NOT_LOGGED_IN: not logged in: run pigeon --profile bob login/);
  });
});
