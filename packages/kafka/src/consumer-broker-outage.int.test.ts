import { createLogger, Registry } from '@forewarn/observability';
import { createTestEnv, eventually, ownBroker, type OwnBroker } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from './client.js';
import { runConsumer, type ConsumerHandle } from './consumer.js';
import { createProducer, type Producer } from './producer.js';

/**
 * A broker that stays away far longer than kafkajs' retries: kafkajs crashes the consumer, and
 * either restarts it itself or, on an error it will not restart from, stops it for good (then
 * runConsumer starts it again in-process when the error says the broker was away). Either way
 * the consumer comes back once the broker does, without the process exiting (onFatal).
 */
describe('consumer across a broker outage longer than its retries (own broker)', () => {
  let broker: OwnBroker;
  let handle: ConsumerHandle | undefined;
  let producer: Producer | undefined;
  const fatal: Error[] = [];
  const seen: string[] = [];
  const crashes: boolean[] = [];

  beforeAll(async () => {
    broker = await ownBroker('consumer-outage');
    await broker.start();
  }, 240_000);

  afterAll(async () => {
    await handle?.stop();
    await producer?.disconnect().catch(() => undefined);
    await broker?.stop().catch(() => undefined);
    await broker?.remove();
  });

  it('comes back when the broker returns and reads what was sent after, never calling onFatal', async () => {
    const env = await createTestEnv('consumer-outage');
    const logger = createLogger({ name: 'outage', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    // Few, short retries: kafkajs gives up on its requests within seconds of the broker going.
    const kafka = createKafka(
      {
        brokers: [broker.address],
        clientId: 'outage',
        retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
      },
      logger,
    );
    const admin = kafka.admin();
    await admin.connect();
    const topic = `${env.prefix}outage.in`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    producer = createProducer(kafka);
    await producer.connect();
    handle = await runConsumer({
      kafka,
      logger,
      metrics: new Registry(),
      groupId: `${env.prefix}outage.g`,
      topics: [topic],
      deadLetterTopic: `${env.prefix}outage.dlq`,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
      onFatal: (e) => fatal.push(e),
      handler: async (m) => void seen.push(String(m.value)),
    });
    handle.consumer.on(handle.consumer.events.CRASH, ({ payload }) =>
      crashes.push(payload.restart),
    );
    await producer.send(topic, [{ key: 'k', value: 'before' }]);
    await eventually(() => (seen.includes('before') ? true : undefined), { what: 'before' });

    await broker.stop();
    // Far longer than the client's retries (2 × ≤ 0.5 s): kafkajs crashes the consumer.
    await new Promise((r) => setTimeout(r, 15_000));
    expect(crashes.length).toBeGreaterThan(0);
    await broker.start();
    await producer.send(topic, [{ key: 'k', value: 'after' }]);
    await eventually(() => (seen.includes('after') ? true : undefined), {
      what: 'the message sent after the broker returned',
      timeoutMs: 120_000,
    }).catch((err: Error) => {
      // Say how the consumer ended up, for a run where only the summary line survives.
      const fatals = fatal.map((e) => `${e.name}: ${e.message}`);
      throw new Error(
        `${err.message}; onFatal: ${JSON.stringify(fatals)}; crashes (restart by kafkajs?): ${JSON.stringify(crashes)}`,
      );
    });
    expect(fatal).toEqual([]);
    expect(seen.indexOf('before')).toBeLessThan(seen.indexOf('after'));
    await env.cleanup();
  }, 420_000);
});
