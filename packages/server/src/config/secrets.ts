import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webpush from 'web-push';
import type { Config } from './config.js';

export interface Secrets {
  apiKeys: readonly string[];
  secret: string;
  /** Web Push VAPID keys (base64url), configured or generated once into DATA_DIR. */
  vapid?: { publicKey: string; privateKey: string };
  /** Set when a development API key was generated or read from DATA_DIR. */
  devApiKey?: string;
}

function readOrCreate(path: string, make: () => string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

/**
 * Fills in what the configuration leaves empty: a server secret, Web Push
 * VAPID keys and, when no API key is configured, a development key. They are
 * kept in DATA_DIR so they survive restarts (browsers' push subscriptions are
 * bound to the VAPID key).
 */
export function resolveSecrets(config: Config): Secrets {
  mkdirSync(config.dataDir, { recursive: true });
  const secret = config.secret ?? readOrCreate(join(config.dataDir, 'secret'), () => randomBytes(32).toString('base64url'));
  const { publicKey, privateKey } = config.push.vapid;
  const vapid = publicKey && privateKey
    ? { publicKey, privateKey }
    : (JSON.parse(readOrCreate(join(config.dataDir, 'vapid.json'), () => JSON.stringify(webpush.generateVAPIDKeys()))) as {
        publicKey: string;
        privateKey: string;
      });
  if (config.apiKeys.length > 0) return { apiKeys: config.apiKeys, secret, vapid };
  const devApiKey = readOrCreate(join(config.dataDir, 'dev-api-key'), () => `dev_${randomBytes(18).toString('base64url')}`);
  return { apiKeys: [devApiKey], secret, vapid, devApiKey };
}
