import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type { Kafka, Producer } from 'kafkajs';
import type { OutboxPublisher } from '../outbox/messages.js';

export interface Received {
  key: string | null;
  value: string;
  eventId: string | undefined;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** The publisher a service would build: a real kafkajs producer, acked by all in-sync replicas. */
export function kafkaPublisher(producer: Producer): OutboxPublisher {
  return {
    async send(topic, messages) {
      await producer.send({ topic, messages, acks: -1 });
    },
  };
}

/** Reads a topic from the beginning into an array, until stop(). */
export async function collectTopic(kafka: Kafka, topic: string, groupId: string) {
  const received: Received[] = [];
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      received.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? '',
        eventId: message.headers?.['event-id']?.toString(),
        headers: Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        ),
        partition,
        offset: message.offset,
      });
    },
  });
  return { received, stop: () => consumer.disconnect() };
}

/** Total messages in a topic, duplicates included, from its partitions' high watermarks. */
export async function topicMessageCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * beforeAll/afterAll of a relay test file: a test env, a connected producer, and lists of what
 * the tests start (relays, pools, consumers' stop functions), all stopped at the end.
 */
export function useRelayTestBed(
  label: string,
  hooks: {
    beforeAll: (fn: () => Promise<void>) => void;
    afterAll: (fn: () => Promise<void>) => void;
  },
) {
  const bed = {
    env: undefined as unknown as TestEnv,
    producer: undefined as unknown as Producer,
    relays: [] as { stop(): Promise<void> }[],
    stops: [] as (() => Promise<void>)[],
    pools: [] as { end(): Promise<void> }[],
  };
  hooks.beforeAll(async () => {
    bed.env = await createTestEnv(label);
    bed.producer = bed.env.kafka.producer({ allowAutoTopicCreation: false });
    await bed.producer.connect();
  });
  hooks.afterAll(async () => {
    await Promise.all(bed.relays.map((r) => r.stop()));
    await Promise.all(bed.stops.map((s) => s()));
    await bed.producer?.disconnect();
    await Promise.all(bed.pools.map((p) => p.end()));
    await bed.env?.cleanup();
  });
  return bed;
}
