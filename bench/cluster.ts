import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import webpush from 'web-push';
import { deleteKeys, ensureRedis, TEST_REDIS_URL, uniqueTestPrefix } from '../packages/server/src/adapters/bus/redis/redis-test-server.js';
import { createTestDatabases, type TestDatabases } from '../packages/server/src/adapters/store/postgres/test-databases.js';
import { freePort } from './nginx.js';
import { startServer, type ServerOptions, type ServerProcess } from './server-process.js';

export interface ClusterOptions {
  /** Server processes (nodes). */
  nodes: number;
  /** PostgreSQL databases the conversations and users are spread over. */
  shards: number;
  /** Extra settings for every node. */
  env?: Record<string, string>;
  /** Passed to every node (profiles, another build, frame limits). */
  server?: Omit<ServerOptions, 'env' | 'apiKey'>;
}

/**
 * A cluster on this machine: throwaway PostgreSQL databases as shards, a
 * unique key prefix on the machine's Redis, and `nodes` server processes on
 * fixed loopback ports (so a node restarted after a crash comes back where the
 * load balancer expects it). Nodes share the secrets a cluster must share.
 */
export interface Cluster {
  readonly ports: readonly number[];
  readonly apiKey: string;
  /** The running process of each slot (undefined while it is down). */
  readonly nodes: readonly (ServerProcess | undefined)[];
  /** Starts slot `i` (again), on its port, as a new process with a new node id. */
  start(i: number): Promise<ServerProcess>;
  /** `kill -9` of slot `i`. */
  kill(i: number): Promise<void>;
  /** SIGTERM of slot `i`: it drains and exits. */
  drain(i: number): Promise<void>;
  /** The next one-time code for `phone`, printed by whichever node sent it. */
  nextCode(phone: string): Promise<string>;
  /** Stops every node, drops the databases and deletes the Redis keys. */
  close(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  await ensureRedis();
  const databases: TestDatabases = await createTestDatabases(options.shards);
  const prefix = uniqueTestPrefix('cluster');
  const ports = await Promise.all(Array.from({ length: options.nodes }, () => freePort()));
  const apiKey = `cluster_${randomBytes(12).toString('hex')}`;
  const vapid = webpush.generateVAPIDKeys();
  const env: Record<string, string> = {
    PIGEON_STORE: 'postgres',
    PIGEON_PG_SHARDS: databases.urls.map((url, i) => `s${i}=${url}`).join(','),
    PIGEON_BUS: 'redis',
    PIGEON_REDIS_URL: TEST_REDIS_URL,
    PIGEON_REDIS_PREFIX: prefix,
    PIGEON_API_KEYS: apiKey,
    PIGEON_SECRET: randomBytes(32).toString('base64url'),
    PIGEON_VAPID_PUBLIC_KEY: vapid.publicKey,
    PIGEON_VAPID_PRIVATE_KEY: vapid.privateKey,
    ...options.env,
  };
  const nodes: (ServerProcess | undefined)[] = ports.map(() => undefined);

  const cluster: Cluster = {
    ports,
    apiKey,
    nodes,
    async start(i) {
      const node = await startServer({ ...options.server, apiKey, env: { ...env, PORT: String(ports[i]) } });
      nodes[i] = node;
      return node;
    },
    async kill(i) {
      await nodes[i]?.kill();
      nodes[i] = undefined;
    },
    async drain(i) {
      await nodes[i]?.stop();
      nodes[i] = undefined;
    },
    nextCode(phone) {
      const waits = nodes.filter((n) => n !== undefined).map((n) => n.nextCode(phone));
      // The nodes that did not send it time out; only the one that did matters.
      for (const wait of waits) wait.catch(() => undefined);
      return Promise.any(waits);
    },
    async close() {
      await Promise.all(nodes.map((n) => n?.stop()));
      await databases.drop();
      const redis = createClient({ url: TEST_REDIS_URL });
      await redis.connect();
      try {
        await deleteKeys(redis, prefix);
      } finally {
        redis.destroy();
      }
    },
  };
  try {
    // The first node migrates the shards; the others then start on a ready schema.
    await cluster.start(0);
    await Promise.all(ports.slice(1).map((_, i) => cluster.start(i + 1)));
  } catch (error) {
    await cluster.close().catch(() => undefined);
    throw error;
  }
  return cluster;
}
