import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CliError } from './errors.js';
import { loadProfile, pigeonHome, profileName, profilePath, readProfile, removeProfile, saveProfile } from './profile-store.js';

const home = mkdtempSync(join(tmpdir(), 'pigeon-cli-profiles-'));
after(() => rmSync(home, { recursive: true, force: true }));
const alice = { server: 'http://127.0.0.1:8080', token: 'pgn_secret', userId: 'U1', deviceId: 'D1', phone: '+15550000001' };

describe('profile names and home', () => {
  it('takes --profile, then PIGEON_CLI_PROFILE, then "default", and refuses names that are not file names', () => {
    const table: [string | undefined, string | undefined, string | Error][] = [
      [undefined, undefined, 'default'],
      [undefined, '', 'default'],
      [undefined, 'bob', 'bob'],
      ['alice', 'bob', 'alice'],
      ['work.2-b_c', undefined, 'work.2-b_c'],
      ['../etc', undefined, new Error()],
      ['.hidden', undefined, new Error()],
      ['a/b', undefined, new Error()],
      ['', undefined, new Error()],
    ];
    for (const [flag, env, expected] of table) {
      const run = () => profileName(flag, env === undefined ? {} : { PIGEON_CLI_PROFILE: env });
      if (typeof expected === 'string') assert.equal(run(), expected);
      else assert.throws(run, (e: unknown) => e instanceof CliError && e.code === 'INVALID_PROFILE' && e.exitCode === 2, String(flag));
    }
  });

  it('keeps profiles under PIGEON_CLI_HOME, else ~/.config/pigeon', () => {
    assert.equal(pigeonHome({ PIGEON_CLI_HOME: '/x' }), '/x');
    assert.match(pigeonHome({}), /\.config[/\\]pigeon$/);
    assert.equal(profilePath('/x', 'bob'), join('/x', 'profiles', 'bob.json'));
  });
});

describe('profile files', () => {
  it('saves owner-only files and reads back exactly the credentials', async () => {
    const path = await saveProfile(home, 'alice', { ...alice, extra: 'dropped' } as typeof alice);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(home, 'profiles')).mode & 0o077, 0);
    assert.deepEqual(await loadProfile(home, 'alice'), alice);
    await saveProfile(home, 'alice', { ...alice, token: 'pgn_new' });
    assert.equal((await readProfile(home, 'alice'))?.token, 'pgn_new');
  });

  it('says how to log in when the profile has no file, and removes files once', async () => {
    assert.equal(await readProfile(home, 'nobody'), undefined);
    await assert.rejects(loadProfile(home, 'nobody'), (e: unknown) =>
      e instanceof CliError && e.code === 'NOT_LOGGED_IN' && /not logged in: run pigeon --profile nobody login/.test(e.message));
    await assert.rejects(loadProfile(home, 'default'), /run pigeon login --phone/);
    await saveProfile(home, 'gone', alice);
    assert.equal(await removeProfile(home, 'gone'), true);
    assert.equal(await removeProfile(home, 'gone'), false);
  });

  it('refuses a damaged file with BAD_PROFILE', async () => {
    mkdirSync(join(home, 'profiles'), { recursive: true });
    for (const content of ['{not json', '[]', JSON.stringify({ ...alice, token: 5 })]) {
      writeFileSync(profilePath(home, 'broken'), content);
      await assert.rejects(readProfile(home, 'broken'), (e: unknown) => e instanceof CliError && e.code === 'BAD_PROFILE', content);
    }
  });
});
