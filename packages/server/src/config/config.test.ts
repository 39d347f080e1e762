import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the newcomer defaults: port 8080, ./data, SQLite inside it', () => {
    const config = loadConfig({}, '/srv/pigeon');
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, '/srv/pigeon/data');
    assert.deepEqual(config.store, { engine: 'sqlite', sqlitePath: '/srv/pigeon/data/pigeon.db' });
    assert.equal(config.messages.history, 'keep');
    assert.equal(config.messages.pendingTtlMs, 30 * 24 * 3600_000);
    assert.equal(config.otp.ttlMs, 300_000);
    assert.equal(config.otp.maxAttempts, 5);
    assert.equal(config.ws.authTimeoutMs, 10_000);
  });

  it('reads numbers, lists and booleans from the environment', () => {
    const config = loadConfig({
      PORT: '9000', PIGEON_API_KEYS: 'k1, k2', PIGEON_TRUST_PROXY: 'true', PIGEON_HISTORY: 'transient',
    });
    assert.equal(config.port, 9000);
    assert.deepEqual(config.apiKeys, ['k1', 'k2']);
    assert.equal(config.trustProxy, true);
    assert.equal(config.messages.history, 'transient');
  });

  it('reports every problem at once, including unknown PIGEON_ keys', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', PIGEON_HISTORY: 'forever', PIGEON_COLOUR: 'blue', UNRELATED: 'x' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 3);
        assert.match(error.message, /PORT/);
        assert.match(error.message, /PIGEON_HISTORY/);
        assert.match(error.message, /PIGEON_COLOUR: unknown setting/);
        return true;
      },
    );
  });

  it('refuses cluster mode without the secrets every node must share', () => {
    assert.throws(() => loadConfig({ PIGEON_BUS: 'redis' }), /PIGEON_SECRET, PIGEON_API_KEYS and the PIGEON_VAPID_\* keys/);
    const shared = {
      PIGEON_BUS: 'redis',
      PIGEON_SECRET: 's'.repeat(32),
      PIGEON_API_KEYS: 'app-key',
      PIGEON_VAPID_PUBLIC_KEY: 'public',
      PIGEON_VAPID_PRIVATE_KEY: 'private',
    };
    assert.equal(loadConfig(shared).cluster.bus, 'redis');
  });

  it('accepts the shipped cluster environment file as it is', () => {
    const file = readFileSync(new URL('../../../../deploy/systemd/cluster.env.example', import.meta.url), 'utf8');
    const env = Object.fromEntries(file.split('\n').filter((l) => /^[A-Z]/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const config = loadConfig(env);
    assert.equal(config.store.engine, 'postgres');
    assert.deepEqual(config.store.engine === 'postgres' && config.store.shards, ['a=postgres://pigeon@db-a/pigeon', 'b=postgres://pigeon@db-b/pigeon']);
    assert.equal(config.cluster.bus, 'redis');
    assert.equal(config.events.sink, 'nats');
    assert.equal(config.blobs.engine, 's3');
  });

  it('leaves the command-line tool\'s PIGEON_CLI_* variables alone', () => {
    assert.doesNotThrow(() => loadConfig({ PIGEON_CLI_HOME: '/home/a/.config/pigeon', PIGEON_CLI_PROFILE: 'alice' }));
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.ws));
    assert.throws(() => {
      (config as { port: number }).port = 1;
    });
  });

  it('reads a JSON file, lets the environment override it, and rejects unknown keys in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pigeon-config-'));
    const file = join(dir, 'pigeon.json');
    writeFileSync(file, JSON.stringify({ PORT: 7000, PIGEON_OTP_TTL_MS: 60000 }));
    const config = loadConfig({ PIGEON_CONFIG_FILE: file, PORT: '7001' });
    assert.equal(config.port, 7001);
    assert.equal(config.otp.ttlMs, 60000);
    writeFileSync(file, JSON.stringify({ PROT: 7000 }));
    assert.throws(() => loadConfig({ PIGEON_CONFIG_FILE: file }), /PROT: unknown setting in config file/);
  });
});
