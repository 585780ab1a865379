import { encodeEvent } from '@forewarn/contracts';
import { samplePickCompleted } from '@forewarn/contracts/fixtures';
import {
  createPool,
  inboxMigration,
  migrate,
  outboxMigration,
  type ClientSource,
} from '@forewarn/db';
import type { ConsumedMessage } from '@forewarn/kafka';
import { createLogger, createMetricsRegistry } from '@forewarn/observability';
import { createTestEnv, recordStatements, type TestEnv } from '@forewarn/testkit';
import type { KafkaMessage } from 'kafkajs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../db/migrations.js';
import { feedMetrics } from '../feed-metrics.js';
import { feedHealthHandler } from './feed-health.js';

const applicationName = 'ingestion-feed-health-test';
const logger = createLogger({ name: applicationName, level: 'silent' });
const SCHEMA = 'ingestion';

/** Each checkout's statements by their first word, so a test can hold the count to a number. */
function recording(pool: pg.Pool) {
  const log = recordStatements(pool);
  return {
    pool: log.pool,
    transactions: () => log.checkouts.map((sent) => sent.map((sql) => sql.split(/\s+/)[0]!)),
  };
}

/** `count` pick events of `source` on `topic`/`partition`, from offset `from` on. */
function messages(
  source: string,
  topic: string,
  partition: number,
  from: number,
  count: number,
): ConsumedMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    topic,
    partition,
    offset: String(from + i),
    key: null,
    value: encodeEvent(
      samplePickCompleted({ sourceSystem: source, eventId: `${source}-${from + i}` }),
    ),
    headers: {},
    timestamp: Date.parse('2025-03-10T15:00:00Z') + i * 1000,
    attempt: 1,
    raw: {} as KafkaMessage,
  }));
}

describe('feed-health consumer (integration: real database)', () => {
  let env: TestEnv;
  let pool: pg.Pool;

  beforeAll(async () => {
    env = await createTestEnv('ingestion-feed-health', { topology: false });
    pool = createPool({
      databaseUrl: env.databaseUrl,
      max: 4,
      applicationName,
      schema: SCHEMA,
      logger,
    });
    // The start-up kit's inbox and outbox come first, as a running service has them.
    const kit = { inbox: inboxMigration, outbox: outboxMigration };
    const first = Object.entries(kit).map(([id, sql]) => ({ id: `0000_${id}`, sql: sql(SCHEMA) }));
    await migrate(pool, { schema: SCHEMA, logger, migrations: [...first, ...migrations] });
  });

  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  const handler = (source: ClientSource) =>
    feedHealthHandler({
      pool: source,
      feed: feedMetrics(createMetricsRegistry('ingestion', { defaultMetrics: false })),
      isDeadLetterTopic: () => false,
    });

  const totals = async (source: string) => {
    const { rows } = await pool.query<{ events_total: string }>(
      'SELECT events_total FROM feed_health WHERE source_system = $1',
      [source],
    );
    return rows.map((r) => Number(r.events_total));
  };
  const minuteSum = async (source: string) => {
    const { rows } = await pool.query<{ n: string | null }>(
      'SELECT sum(events) AS n FROM feed_minutes WHERE source_system = $1',
      [source],
    );
    return Number(rows[0]?.n ?? 0);
  };
  const offsets = async (topic: string) => {
    const { rows } = await pool.query<{ partition: number; next_offset: string }>(
      'SELECT partition, next_offset FROM feed_offsets WHERE topic = $1 ORDER BY partition',
      [topic],
    );
    return rows.map((r) => [r.partition, Number(r.next_offset)]);
  };

  it('counts a batch over several partitions and sources in four statements, BEGIN and COMMIT included', async () => {
    const db = recording(pool);
    const batch = [
      ...messages('wms:a', 'count.events', 0, 0, 20),
      ...messages('wms:b', 'count.events', 1, 0, 15),
      ...messages('wms:a', 'count.events', 2, 5, 5),
    ];
    await handler(db.pool)(batch);
    // The checkpoint's lock-and-read, then one write-back of counts, minutes and checkpoint.
    expect(db.transactions()).toEqual([['BEGIN', 'INSERT', 'WITH', 'COMMIT']]);
    expect(await totals('wms:a')).toEqual([25]);
    expect(await totals('wms:b')).toEqual([15]);
    expect(await minuteSum('wms:a')).toBe(25);
    expect(await offsets('count.events')).toEqual([
      [0, 20],
      [1, 15],
      [2, 10],
    ]);

    // The next batch of the same partitions: the stored checkpoint is read, still four.
    const more = recording(pool);
    await handler(more.pool)(messages('wms:a', 'count.events', 0, 20, 10));
    expect(more.transactions()).toEqual([['BEGIN', 'INSERT', 'WITH', 'COMMIT']]);
    expect(await totals('wms:a')).toEqual([35]);
    expect(await offsets('count.events')).toEqual([
      [0, 30],
      [1, 15],
      [2, 10],
    ]);
  });

  it('counts a redelivered batch once: only the messages past the stored checkpoint', async () => {
    const h = handler(pool);
    const first = messages('erp:c', 'redelivered.events', 0, 0, 12);
    await h(first);
    // After a crash or rebalance, the batch comes again with new messages behind it.
    const db = recording(pool);
    await handler(db.pool)([...first, ...messages('erp:c', 'redelivered.events', 0, 12, 8)]);
    expect(await totals('erp:c')).toEqual([20]);
    expect(await minuteSum('erp:c')).toBe(20);
    expect(await offsets('redelivered.events')).toEqual([[0, 20]]);
    // Nothing new at all: the checkpoint is read and nothing written.
    const again = recording(pool);
    await handler(again.pool)(first);
    expect(again.transactions()).toEqual([['BEGIN', 'INSERT', 'COMMIT']]);
    expect(await totals('erp:c')).toEqual([20]);
  });

  it('counts once when two instances take the same messages at the same time', async () => {
    // The partitions' rows exist already: only the row locks, not the insert, keep them apart.
    await handler(pool)([
      ...messages('tms:d', 'raced.events', 0, 0, 10),
      ...messages('tms:d', 'raced.events', 1, 0, 10),
    ]);
    // Several rounds: a lost lock shows only when the two transactions interleave.
    for (let round = 0; round < 5; round++) {
      const from = 10 + round * 30;
      const batch = [
        ...messages('tms:d', 'raced.events', 0, from, 30),
        ...messages('tms:d', 'raced.events', 1, from, 30),
      ];
      // One instance sees the partitions in the other order: the locks are still taken in order.
      await Promise.all([handler(pool)(batch), handler(pool)([...batch].reverse())]);
    }
    expect(await totals('tms:d')).toEqual([320]);
    expect(await minuteSum('tms:d')).toBe(320);
    expect(await offsets('raced.events')).toEqual([
      [0, 160],
      [1, 160],
    ]);
  });
});
