import { classifyFailure } from '@forewarn/kafka';
import { createMetricsRegistry } from '@forewarn/observability';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, event, servicePool, silentLogger as logger } from '../test-support/db.js';
import { collectTopic, kafkaPublisher, useRelayTestBed } from '../test-support/kafka.js';
import { withTransaction } from '../transaction.js';
import { enqueueOutbox } from './enqueue.js';
import type { OutboxPublisher } from './messages.js';
import { parkedOutboxRows, unparkOutboxRows } from './parking.js';
import { startOutboxRelay } from './relay.js';

/** The broker refuses records above this size for the topic: a row at fault, for real. */
const MAX_MESSAGE_BYTES = 2_048;
/**
 * The services' policy (runtime passes it): a topic the broker does not serve yet, as just after
 * its creation on a loaded machine, is a broker's state, not the row's fault, and spends no attempt.
 */
const isTransient = (err: unknown) => classifyFailure(err) === 'transient';

describe('outbox parking (integration: real PostgreSQL and Kafka)', () => {
  const bed = useRelayTestBed('db-parking', { beforeAll, afterAll });
  const { relays, stops, pools } = bed;

  const setup = async (schema: string) => {
    const pool = await servicePool(bed.env.databaseUrl, schema);
    pools.push(pool);
    const topic = `${bed.env.prefix}${schema}`;
    await bed.env.createTopics([
      {
        topic,
        numPartitions: 3,
        configEntries: [{ name: 'max.message.bytes', value: String(MAX_MESSAGE_BYTES) }],
      },
    ]);
    return { pool, topic };
  };

  it('parks a row the broker keeps refusing; other keys flow, its own key waits in order', async () => {
    const { pool, topic } = await setup('parking');
    const registry = createMetricsRegistry('db-test', { defaultMetrics: false });
    const huge = { ...event(topic, 'k1', 'x'), value: Buffer.alloc(MAX_MESSAGE_BYTES * 4, 1) };
    const first = [event(topic, 'k1', 'k1:0'), huge, event(topic, 'k1', 'k1:2')];
    const others = Array.from({ length: 12 }, (_, i) =>
      event(topic, `k${2 + (i % 3)}`, `k${2 + (i % 3)}:${Math.floor(i / 3)}`),
    );
    await withTransaction(pool, (c) => enqueueOutbox(c, [...first, ...others.slice(0, 6)]));
    const r = startOutboxRelay({
      pool,
      schema: 'parking',
      publisher: kafkaPublisher(bed.producer),
      logger,
      batchSize: 5,
      pollIntervalMs: 50,
      maxBackoffMs: 100,
      maxPublishAttempts: 3,
      isTransient,
      registry,
    });
    relays.push(r);
    const parked = await eventually(
      async () => {
        const rows = await parkedOutboxRows(pool);
        return rows.length > 0 ? rows : undefined;
      },
      { what: 'the oversized row parked', timeoutMs: 30_000 },
    );
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ eventId: huge.eventId, key: 'k1', attempts: 3 });
    expect(parked[0]!.reason).toMatch(
      /^not published after 3 attempts: KafkaJSProtocolError: .*larger than the max message size/,
    );
    const metric = await registry.getSingleMetric('forewarn_outbox_parked_total')?.get();
    expect(metric?.values.reduce((n, v) => n + v.value, 0)).toBe(1);

    // Rows written after the parking flow too.
    await withTransaction(pool, (c) => enqueueOutbox(c, others.slice(6)));
    const consumer = await collectTopic(bed.env.kafka, topic, `${bed.env.prefix}parking`);
    stops.push(consumer.stop);
    await eventually(() => (consumer.received.length >= others.length + 1 ? true : undefined), {
      what: 'every row but the parked key on the topic',
      timeoutMs: 30_000,
    });
    await r.flush();
    // A batch send that failed for one partition may have written the others: those rows go
    // out again one by one (at least once). Consumers keep the first copy of each event id.
    const byKey = (k: string) => [
      ...new Map(
        consumer.received.filter((m) => m.key === k).map((m) => [m.eventId, m.value]),
      ).values(),
    ];
    for (const k of ['k2', 'k3', 'k4'])
      expect(byKey(k)).toEqual(others.filter((e) => e.key === k).map((e) => e.value.toString()));
    // k1's first row went out; the one after the parked row waits, so k1's order holds.
    expect(byKey('k1')).toEqual(['k1:0']);
    expect(
      await countRows(pool, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL'),
    ).toBe(2);

    // An operator puts it back in line: it fails again from a fresh count, nothing else changes.
    expect(await unparkOutboxRows(pool, [parked[0]!.id])).toBe(1);
    expect(await parkedOutboxRows(pool)).toEqual([]);
    await eventually(async () => ((await parkedOutboxRows(pool)).length === 1 ? true : undefined), {
      what: 'the row parked again',
      timeoutMs: 30_000,
    });
    expect(byKey('k1')).toEqual(['k1:0']);
  });

  it('parks nothing while the broker is away, and publishes everything when it returns', async () => {
    const { pool, topic } = await setup('outage');
    let away = true;
    const real = kafkaPublisher(bed.producer);
    const flaky: OutboxPublisher = {
      async send(t, messages) {
        if (away) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        await real.send(t, messages);
      },
    };
    const rows = Array.from({ length: 10 }, (_, i) => event(topic, `k${i % 2}`, `v${i}`));
    await withTransaction(pool, (c) => enqueueOutbox(c, rows));
    const r = startOutboxRelay({
      pool,
      schema: 'outage',
      publisher: flaky,
      logger,
      pollIntervalMs: 20,
      maxBackoffMs: 40,
      maxPublishAttempts: 2,
      isTransient,
    });
    relays.push(r);
    await new Promise((done) => setTimeout(done, 1_000)); // many cycles, all failing
    expect(await parkedOutboxRows(pool)).toEqual([]);
    expect(await countRows(pool, 'SELECT max(attempts) AS n FROM outbox')).toBe(0);
    away = false;
    await eventually(
      async () =>
        (await countRows(pool, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')) === 0
          ? true
          : undefined,
      { what: 'the outbox drained', timeoutMs: 30_000 },
    );
  });
});
