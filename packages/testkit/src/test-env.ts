import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import pg from 'pg';

export interface TestEnv {
  kafkaBrokers: string[];
  /** A database of this test file's own, dropped by cleanup(). */
  databaseUrl: string;
  /** Prepend to topic and group names so parallel test files never share them. */
  prefix: string;
  kafka: Kafka;
  admin: Admin;
  /** Creates topics (already prefixed names) and waits for their leaders. */
  createTopics: (topics: { topic: string; numPartitions?: number }[]) => Promise<void>;
  cleanup: () => Promise<void>;
}

function baseDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error('DATABASE_URL is not set: add @forewarn/testkit/global-setup to vitest');
  return url;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * Gives one test file an isolated slice of the real stack: its own PostgreSQL database and a
 * random topic prefix on the shared broker.
 */
export async function createTestEnv(label: string): Promise<TestEnv> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0)
    throw new Error('KAFKA_BROKERS is not set: add @forewarn/testkit/global-setup to vitest');
  const id = `${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const dbName = `fwt_${id}`;
  const adminUrl = baseDatabaseUrl();
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${dbName}"`);
  await client.end();

  const kafka = new Kafka({ clientId: `test-${id}`, brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const prefix = `t.${id}.`;
  const created = new Set<string>();

  return {
    kafkaBrokers: brokers,
    databaseUrl: withDatabase(adminUrl, dbName),
    prefix,
    kafka,
    admin,
    async createTopics(topics) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((t) => ({
          topic: t.topic,
          numPartitions: t.numPartitions ?? 3,
          replicationFactor: 1,
        })),
      });
      topics.forEach((t) => created.add(t.topic));
    },
    async cleanup() {
      const all = await admin.listTopics();
      const ours = all.filter((t) => t.startsWith(prefix) || created.has(t));
      if (ours.length > 0) await admin.deleteTopics({ topics: ours }).catch(() => undefined);
      await admin.disconnect();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Polls until check() returns a value other than undefined, or fails after timeoutMs. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
}
