import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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
  /** Creates topics (already prefixed names, 3 partitions by default) and waits for their leaders. */
  createTopics: (topics: TestTopic[]) => Promise<void>;
  cleanup: () => Promise<void>;
}

export interface TestTopic {
  topic: string;
  numPartitions?: number;
  /** Topic settings (`max.message.bytes`, `retention.ms`…), as kafkajs takes them. */
  configEntries?: { name: string; value: string }[];
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

/** The topology command (`pnpm topics`), built: the one thing that creates the contract's topics. */
const TOPICS_COMMAND = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));

/** Creates every topic the contract declares under `prefix`, as a deployment would before start. */
export async function createContractTopics(brokers: string[], prefix: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [TOPICS_COMMAND, 'topics', '--prefix', prefix, '--brokers', brokers.join(',')],
    { timeout: 60_000 },
  ).catch((err: unknown) => {
    const e = err as { stderr?: string; message: string };
    throw new Error(
      `\`forewarn topics\` failed (is packages/cli built?): ${e.stderr || e.message}`,
    );
  });
}

export interface TestEnvOptions {
  /**
   * Run the topology command under this file's prefix first, as infra does before services
   * start (services only verify topics). Off for tests of the broker plumbing itself.
   */
  topology?: boolean;
}

/**
 * Gives one test file an isolated slice of the real stack: its own PostgreSQL database and a
 * random topic prefix on the shared broker, holding the contract's topics.
 */
export async function createTestEnv(label: string, options: TestEnvOptions = {}): Promise<TestEnv> {
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
  if (options.topology ?? true) await createContractTopics(brokers, prefix);

  return {
    kafkaBrokers: brokers,
    databaseUrl: withDatabase(adminUrl, dbName),
    prefix,
    kafka,
    admin,
    async createTopics(topics) {
      // kafkajs' waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a busy broker
      // answers for a moment after creating a topic: create, then wait for the leaders here.
      await admin.createTopics({
        waitForLeaders: false,
        topics: topics.map((t) => ({
          topic: t.topic,
          numPartitions: t.numPartitions ?? 3,
          replicationFactor: 1,
          ...(t.configEntries ? { configEntries: t.configEntries } : {}),
        })),
      });
      topics.forEach((t) => created.add(t.topic));
      const names = topics.map((t) => t.topic);
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          const { topics: meta } = await admin.fetchTopicMetadata({ topics: names });
          if (
            meta.every((m) => m.partitions.length > 0 && m.partitions.every((p) => p.leader >= 0))
          )
            return;
        } catch (err) {
          if (Date.now() >= deadline) throw err;
        }
        if (Date.now() >= deadline)
          throw new Error(`topics have no leaders yet: ${names.join(', ')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
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
