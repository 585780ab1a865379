import { createMetricsRegistry } from '@forewarn/observability';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countRows,
  event,
  killLockHolder,
  servicePool,
  silentLogger as logger,
} from '../test-support/db.js';
import { collectTopic, kafkaPublisher, useRelayTestBed } from '../test-support/kafka.js';
import { withTransaction } from '../transaction.js';
import { enqueueOutbox } from './enqueue.js';
import type { OutboxMessage, OutboxPublisher } from './messages.js';
import { startOutboxRelay } from './relay.js';

describe('outbox relay (integration: real PostgreSQL and Kafka)', () => {
  const bed = useRelayTestBed('db-relay', { beforeAll, afterAll });
  const { relays, stops, pools } = bed;

  const setup = async (schema: string) => {
    const pool = await servicePool(bed.env.databaseUrl, schema);
    pools.push(pool);
    const topic = `${bed.env.prefix}${schema}`;
    await bed.env.createTopics([{ topic, numPartitions: 3 }]);
    return { pool, topic };
  };
  const relay = (...args: Parameters<typeof startOutboxRelay>) => {
    const r = startOutboxRelay(...args);
    relays.push(r);
    return r;
  };

  it('publishes committed events in order per key, each with its event-id header', async () => {
    const { pool, topic } = await setup('ordering');
    // A long poll: only the NOTIFY from the outbox trigger can make this test finish in time.
    const r = relay({
      pool,
      schema: 'ordering',
      publisher: kafkaPublisher(bed.producer),
      logger,
      batchSize: 7,
      pollIntervalMs: 120_000,
    });
    await r.flush();

    const sent = Array.from({ length: 40 }, (_, i) => ({
      ...event(topic, `k${i % 5}`, `k${i % 5}:${Math.floor(i / 5)}`),
      headers: { 'content-type': 'text/plain', n: String(i) },
    }));
    for (let i = 0; i < sent.length; i += 5) {
      await withTransaction(pool, (c) => enqueueOutbox(c, sent.slice(i, i + 5)));
    }
    const consumer = await collectTopic(bed.env.kafka, topic, `${bed.env.prefix}ordering`);
    stops.push(consumer.stop);
    await eventually(() => (consumer.received.length >= sent.length ? true : undefined), {
      what: '40 events on the topic',
      timeoutMs: 30_000,
    });

    expect(consumer.received).toHaveLength(sent.length);
    for (let k = 0; k < 5; k++) {
      const seqs = consumer.received.filter((m) => m.key === `k${k}`).map((m) => m.value);
      expect(seqs).toEqual(Array.from({ length: 8 }, (_, s) => `k${k}:${s}`));
    }
    const sentByValue = new Map(sent.map((e) => [e.value.toString(), e]));
    for (const m of consumer.received) {
      const e = sentByValue.get(m.value);
      expect(e).toBeDefined();
      expect(m.headers).toEqual({ ...e?.headers, 'event-id': e?.eventId });
    }
    expect(
      await countRows(pool, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL'),
    ).toBe(0);
  });

  it('publishes nothing from a rolled-back transaction', async () => {
    const { pool, topic } = await setup('rollback');
    const r = relay({
      pool,
      schema: 'rollback',
      publisher: kafkaPublisher(bed.producer),
      logger,
      pollIntervalMs: 200,
    });
    const doomed = event(topic, 'k', 'doomed');
    await expect(
      withTransaction(pool, async (c) => {
        await enqueueOutbox(c, [doomed]);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const sentinel = { ...event(topic, 'k', 'sentinel') };
    await withTransaction(pool, (c) => enqueueOutbox(c, [sentinel]));
    await r.flush();

    const consumer = await collectTopic(bed.env.kafka, topic, `${bed.env.prefix}rollback`);
    stops.push(consumer.stop);
    // Same key, so same partition: once the later sentinel is here, the doomed event never will be.
    await eventually(
      () => (consumer.received.some((m) => m.value === 'sentinel') ? true : undefined),
      { what: 'sentinel', timeoutMs: 30_000 },
    );
    expect(consumer.received.map((m) => m.value)).toEqual(['sentinel']);
    expect(await countRows(pool, 'SELECT count(*) AS n FROM outbox')).toBe(1);
  });

  it('lets only one instance publish a schema, and a standby take over when the leader goes', async () => {
    const { topic } = await setup('leader');
    const published: Record<'a' | 'b', string[]> = { a: [], b: [] };
    const recording = (name: 'a' | 'b'): OutboxPublisher => ({
      async send(_topic, messages: OutboxMessage[]) {
        published[name].push(...messages.map((m) => m.value.toString()));
      },
    });
    // Two instances of the service: separate pools, as separate processes would have.
    const poolA = await servicePool(bed.env.databaseUrl, 'leader');
    const poolB = await servicePool(bed.env.databaseUrl, 'leader');
    pools.push(poolA, poolB);
    const a = relay({
      pool: poolA,
      schema: 'leader',
      publisher: recording('a'),
      logger,
      pollIntervalMs: 100,
    });
    await a.flush();
    const b = relay({
      pool: poolB,
      schema: 'leader',
      publisher: recording('b'),
      logger,
      pollIntervalMs: 100,
    });
    await b.flush();

    const first = Array.from({ length: 10 }, (_, i) => event(topic, `k${i % 3}`, `first-${i}`));
    await withTransaction(poolA, (c) => enqueueOutbox(c, first));
    await eventually(() => (published.a.length === 10 ? true : undefined), {
      what: 'leader a publishing',
    });
    await b.flush();
    expect(published.b).toEqual([]);

    // The leader's connection dies: its session lock goes with it, and neither relay crashes.
    expect(await killLockHolder(bed.env.databaseUrl, 'outbox-relay:leader')).toBe(1);

    const second = Array.from({ length: 5 }, (_, i) => event(topic, `k${i % 3}`, `second-${i}`));
    await withTransaction(poolB, (c) => enqueueOutbox(c, second));
    const all = () => [...published.a, ...published.b];
    await eventually(() => (all().length === 15 ? true : undefined), {
      what: 'someone leading again',
    });

    // Whoever leads now steps down; the other one takes over.
    const [leader, standby, standbyName] =
      published.b.length > 0 ? [b, a, 'a' as const] : [a, b, 'b' as const];
    await leader.stop();
    const before = published[standbyName].length;
    const third = Array.from({ length: 5 }, (_, i) => event(topic, `k${i % 3}`, `third-${i}`));
    await withTransaction(poolA, (c) => enqueueOutbox(c, third));
    await standby.flush();
    await eventually(() => (published[standbyName].length === before + 5 ? true : undefined), {
      what: 'standby taking over',
    });
    expect(published[standbyName].slice(before)).toEqual(third.map((e) => e.value.toString()));
    expect(new Set(all()).size).toBe(20);
    expect(all()).toHaveLength(20);
  });

  it('publishes within seconds of the database coming back, however long it was down', async () => {
    const { pool, topic } = await setup('reconnect');
    // The database refuses connections the way a failed-over or restarting server does.
    let down = true;
    const flaky = {
      connect: () =>
        down
          ? Promise.reject(
              Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
                code: 'ECONNREFUSED',
              }),
            )
          : pool.connect(),
    };
    const published: string[] = [];
    relay({
      pool: flaky,
      schema: 'reconnect',
      publisher: {
        async send(_topic, messages: OutboxMessage[]) {
          published.push(...messages.map((m) => m.value.toString()));
        },
      },
      logger,
      pollIntervalMs: 100,
      maxBackoffMs: 60_000,
      maxReconnectMs: 500,
    });
    // Seven seconds of refusals: with the publish backoff the relay would now sleep until 12.7 s.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    await withTransaction(pool, (c) => enqueueOutbox(c, [event(topic, 'k', 'after-outage')]));
    down = false;
    const restoredAt = Date.now();
    // Nothing wakes the relay here (no flush, and its LISTEN connection is gone): its own
    // reconnect wait must find the database.
    await eventually(() => (published.length > 0 ? true : undefined), {
      what: 'the row published after the outage',
      timeoutMs: 20_000,
    });
    expect(published).toEqual(['after-outage']);
    expect(Date.now() - restoredAt).toBeLessThan(3_000);
  });

  it('deletes published rows once they are older than the retention', async () => {
    const { pool, topic } = await setup('cleanup');
    let clock = Date.parse('2025-03-01T00:00:00Z');
    const registry = createMetricsRegistry('db-test', { defaultMetrics: false });
    const r = relay({
      registry,
      pool,
      schema: 'cleanup',
      publisher: kafkaPublisher(bed.producer),
      logger,
      pollIntervalMs: 60_000,
      cleanup: { retainPublishedMs: 3_600_000, intervalMs: 0 },
      now: () => new Date(clock),
    });
    await withTransaction(pool, (c) =>
      enqueueOutbox(c, [event(topic, 'k', 'old-1'), event(topic, 'k', 'old-2')]),
    );
    await r.flush();
    expect(
      await countRows(pool, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NOT NULL'),
    ).toBe(2);

    clock += 2 * 3_600_000;
    await withTransaction(pool, (c) => enqueueOutbox(c, [event(topic, 'k', 'new')]));
    await r.flush();
    const { rows } = await pool.query<{ value: Buffer }>('SELECT value FROM outbox');
    expect(rows.map((row) => row.value.toString())).toEqual(['new']);
    const published = await registry.getSingleMetric('forewarn_outbox_published_total')?.get();
    expect(published?.values).toEqual([{ labels: { schema: 'cleanup' }, value: 3 }]);
  });
});
