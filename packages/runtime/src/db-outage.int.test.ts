import { claimEvents, inboxSourceMigration, withTransaction } from '@forewarn/db';
import { runConsumer } from '@forewarn/kafka';
import { createTestEnv, eventually, serviceTestEnv, type TestEnv } from '@forewarn/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from './index.js';

const MESSAGES = 240;
const OUTAGE_MS = 10_000;
const TOPIC = 'outage.events';
const DLQ = 'dlq.outage';

type Probe = { status: number; consumers?: string };

/**
 * PostgreSQL refuses the service for ten seconds while messages flow: the database stops
 * accepting connections (`ALLOW_CONNECTIONS false`) and every session of the service is
 * terminated, as a failover does. Only this file's database is touched, never the server.
 */
describe('a database outage under load (integration: real broker and database)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let admin: pg.Client;
  let dbName: string;

  beforeAll(async () => {
    env = await createTestEnv('db-outage');
    dbName = new URL(env.databaseUrl).pathname.slice(1);
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    // Not contract topics: made here, as the topology command makes the contract's, since a
    // service only verifies its topics.
    await env.createTopics([
      { topic: `${env.prefix}${TOPIC}`, numPartitions: 3 },
      { topic: `${env.prefix}${DLQ}`, numPartitions: 1 },
    ]);
    svc = await startService(
      {
        name: 'outage-probe',
        schema: 'probe',
        migrations: [
          {
            id: '0001_effects',
            sql: 'CREATE TABLE effects (grp text NOT NULL, source text NOT NULL, id text NOT NULL)',
          },
          { id: '0002_inbox_source', sql: inboxSourceMigration('probe') },
        ],
        topics: [
          { name: TOPIC, partitions: 3 },
          { name: DLQ, partitions: 1 },
        ],
        start: async (ctx) => {
          const decode = (m: { value: Buffer | null }) =>
            JSON.parse(m.value!.toString()) as { sourceSystem: string; eventId: string };
          const apply = async (grp: string, events: { sourceSystem: string; eventId: string }[]) =>
            withTransaction(ctx.pool, async (c) => {
              for (const e of await claimEvents(c, grp, events))
                await c.query('INSERT INTO effects (grp, source, id) VALUES ($1, $2, $3)', [
                  grp,
                  e.sourceSystem,
                  e.eventId,
                ]);
            });
          const common = {
            kafka: ctx.kafka,
            logger: ctx.logger,
            metrics: ctx.metrics,
            producer: ctx.producer,
            topics: [ctx.topic(TOPIC)],
            deadLetterTopic: ctx.topic(DLQ),
            decode,
            maxWaitTimeInMs: 50,
            partitionsConsumedConcurrently: 3,
          };
          // Both consumer modes: batches (the services' way) and one message at a time.
          return [
            await runConsumer({
              ...common,
              groupId: ctx.topic('outage-batch'),
              handleBatch: (msgs) =>
                apply(
                  'batch',
                  msgs.map((m) => m.value),
                ),
            }),
            await runConsumer({
              ...common,
              groupId: ctx.topic('outage-single'),
              handler: (m) => apply('single', [m.value]),
            }),
          ];
        },
      },
      {
        handleSignals: false,
        env: serviceTestEnv(env, { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      },
    );
  });

  afterAll(async () => {
    await admin?.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await svc?.stop();
    await admin?.end();
    await env?.cleanup();
  });

  const probe = async (): Promise<Probe> => {
    const res = await fetch(`${svc.url}/readyz`);
    const body = (await res.json()) as { checks?: Record<string, { status: string }> };
    return { status: res.status, consumers: body.checks?.consumers?.status };
  };

  it('holds, turns not ready, and resumes by itself: none dead-lettered, all applied once', async () => {
    expect((await probe()).status).toBe(200);
    const producer = env.kafka.producer();
    await producer.connect();
    // Two sources reuse every id: both are applied.
    const sources = ['erp:sap', 'wms:manhattan'];
    let sent = 0;
    const produce = (async () => {
      for (; sent < MESSAGES; sent++) {
        const i = sent;
        await producer.send({
          topic: `${env.prefix}${TOPIC}`,
          messages: [
            {
              key: `k${i % 7}`,
              value: JSON.stringify({ sourceSystem: sources[i % 2], eventId: `e${i >> 1}` }),
            },
          ],
        });
        await new Promise((r) => setTimeout(r, (OUTAGE_MS * 1.5) / MESSAGES));
      }
    })();

    await new Promise((r) => setTimeout(r, 2_000));
    await admin.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS false`);
    const { rowCount: killed } = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [dbName],
    );
    const during: Probe[] = [];
    const outageEnds = Date.now() + OUTAGE_MS;
    while (Date.now() < outageEnds) {
      during.push(await probe());
      await new Promise((r) => setTimeout(r, 500));
    }
    await admin.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`);
    await produce;
    await producer.disconnect();

    expect(killed).toBeGreaterThan(0);
    expect(during.every((p) => p.status === 503)).toBe(true);
    // Not only the database ping: the consumers say they are held on it.
    expect(during.some((p) => p.consumers === 'failed')).toBe(true);

    const count = (sql: string) =>
      svc.ctx.pool.query<{ n: string }>(sql).then((r) => Number(r.rows[0]?.n));
    await eventually(
      async () =>
        (await count('SELECT count(*) AS n FROM effects')) === 2 * MESSAGES ? true : undefined,
      { what: 'every message applied by both consumers', timeoutMs: 60_000, intervalMs: 500 },
    );
    const after = await eventually(
      async () => {
        const p = await probe();
        return p.status === 200 ? p : undefined;
      },
      { what: 'ready again', timeoutMs: 30_000 },
    );
    expect(after.consumers).toBe('ok');
    expect(
      await count(
        'SELECT count(*) AS n FROM (SELECT 1 FROM effects GROUP BY grp, source, id HAVING count(*) > 1) d',
      ),
    ).toBe(0);
    const dlq = await env.admin.fetchTopicOffsets(`${env.prefix}${DLQ}`);
    expect(dlq.reduce((n, p) => n + Number(p.high), 0)).toBe(0);
  });
});
