import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Consumer, Producer } from 'kafkajs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processOnce } from '../inbox/process-once.js';
import {
  countRows,
  event,
  killLockHolder,
  servicePool,
  silentLogger as logger,
} from '../test-support/db.js';
import { kafkaPublisher, topicMessageCount } from '../test-support/kafka.js';
import { withTransaction } from '../transaction.js';
import { enqueueOutbox } from './enqueue.js';
import type { OutboxPublisher } from './messages.js';
import { startOutboxRelay } from './relay.js';

const EVENTS = 20;
const BATCH = 8;

/**
 * The relay's process "dies" right after Kafka acknowledged a batch and before the UPDATE that
 * marks it published: its database session is killed (taking the leader lock with it) and the
 * relay never gets control back, exactly as if the process had been SIGKILLed there.
 */
function dyingAfterFirstSend(real: OutboxPublisher, onDeath: () => Promise<void>) {
  let revive: (() => void) | undefined;
  const publisher: OutboxPublisher = {
    async send(topic, messages) {
      await real.send(topic, messages);
      await onDeath();
      return new Promise<void>((_, reject) => {
        revive = () => reject(new Error('this process was dead'));
      });
    },
  };
  return { publisher, revive: () => revive?.() };
}

describe('outbox relay crash between publish and mark (integration: real PostgreSQL and Kafka)', () => {
  let env: TestEnv;
  let producer: Producer;
  let consumer: Consumer | undefined;
  let producerPool: pg.Pool;
  let restartPool: pg.Pool;
  let consumerPool: pg.Pool;

  beforeAll(async () => {
    env = await createTestEnv('db-crash');
    producer = env.kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    producerPool = await servicePool(env.databaseUrl, 'producer_svc');
    restartPool = await servicePool(env.databaseUrl, 'producer_svc');
    consumerPool = await servicePool(env.databaseUrl, 'consumer_svc', [
      'CREATE TABLE effects (seq bigserial PRIMARY KEY, event_id text NOT NULL, key text, value text NOT NULL)',
    ]);
  });
  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await Promise.all([producerPool, restartPool, consumerPool].map((p) => p?.end()));
    await env?.cleanup();
  });

  it('republishes the unmarked batch after a restart, and the inbox applies each event once', async () => {
    const topic = `${env.prefix}orders`;
    await env.createTopics([{ topic, numPartitions: 3 }]);
    const sent = Array.from({ length: EVENTS }, (_, i) =>
      event(topic, `k${i % 4}`, `k${i % 4}:${Math.floor(i / 4)}`),
    );
    await withTransaction(producerPool, (c) => enqueueOutbox(c, sent));

    let died!: (killedSessions: number) => void;
    const death = new Promise<number>((resolve) => (died = resolve));
    const dying = dyingAfterFirstSend(kafkaPublisher(producer), async () => {
      died(await killLockHolder(env.databaseUrl, 'outbox-relay:producer_svc'));
    });
    const crashed = startOutboxRelay({
      pool: producerPool,
      schema: 'producer_svc',
      publisher: dying.publisher,
      logger,
      batchSize: BATCH,
      pollIntervalMs: 100,
    });
    expect(await death).toBe(1);

    expect(await topicMessageCount(env.kafka, topic)).toBe(BATCH);
    expect(
      await countRows(producerPool, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL'),
    ).toBe(EVENTS);

    // The restarted instance.
    const restarted = startOutboxRelay({
      pool: restartPool,
      schema: 'producer_svc',
      publisher: kafkaPublisher(producer),
      logger,
      batchSize: BATCH,
      pollIntervalMs: 100,
    });
    await eventually(
      async () =>
        (await restarted.flush()) === 0 &&
        (await countRows(
          restartPool,
          'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL',
        )) === 0
          ? true
          : undefined,
      { what: 'restarted relay draining the outbox' },
    );
    expect(await topicMessageCount(env.kafka, topic)).toBe(EVENTS + BATCH);

    let deliveries = 0;
    let duplicates = 0;
    consumer = env.kafka.consumer({ groupId: `${env.prefix}effects`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const eventId = message.headers?.['event-id']?.toString() ?? '';
        const result = await withTransaction(consumerPool, (c) =>
          processOnce(
            c,
            { consumer: 'effects', source: 'producer_svc', messageId: eventId },
            (tx) =>
              tx.query('INSERT INTO effects (event_id, key, value) VALUES ($1, $2, $3)', [
                eventId,
                message.key?.toString(),
                message.value?.toString(),
              ]),
          ),
        );
        deliveries += 1;
        if (result.status === 'duplicate') duplicates += 1;
      },
    });
    await eventually(() => (deliveries === EVENTS + BATCH ? true : undefined), {
      what: 'every delivery consumed',
      timeoutMs: 30_000,
    });

    expect(duplicates).toBe(BATCH);
    expect(await countRows(consumerPool, 'SELECT count(*) AS n FROM effects')).toBe(EVENTS);
    expect(await countRows(consumerPool, 'SELECT count(DISTINCT event_id) AS n FROM effects')).toBe(
      EVENTS,
    );
    const { rows } = await consumerPool.query<{ key: string; values: string[] }>(
      'SELECT key, array_agg(value ORDER BY seq) AS values FROM effects GROUP BY key ORDER BY key',
    );
    // Effects per key were applied in the order the events were written.
    for (const { key, values } of rows) {
      expect(values).toEqual(sent.filter((e) => e.key === key).map((e) => e.value.toString()));
    }
    expect(rows).toHaveLength(4);

    await restarted.stop();
    const stopping = crashed.stop();
    dying.revive();
    await stopping;
  });
});
