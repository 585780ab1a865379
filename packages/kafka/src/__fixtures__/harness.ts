import { createLogger, Registry } from '@forewarn/observability';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import { createKafka } from '../client.js';
import { runConsumer, type ConsumerHandle, type RunConsumerOptions } from '../consumer.js';
import { headersToStrings } from '../message.js';
import { createProducer, type Producer } from '../producer.js';

type StartOptions<T> = Omit<RunConsumerOptions<T>, 'kafka' | 'logger' | 'metrics'> &
  Partial<RunConsumerOptions<T>>;

/** A real-broker slice for one test file: prefixed topics, a producer, consumers that get stopped. */
export interface Harness {
  env: TestEnv;
  producer: Producer;
  registry: Registry;
  /** Errors passed to onFatal by any consumer started here; tests expect it to stay empty. */
  fatal: Error[];
  topic(name: string, partitions?: number): Promise<string>;
  start<T = Buffer | null>(opts: StartOptions<T>): Promise<ConsumerHandle>;
  /** Waits until `count` records are on the topic and returns them (read with a throwaway group). */
  readTopic(topic: string, count: number): Promise<KafkaMessage[]>;
  cleanup(): Promise<void>;
}

export const headerStrings = (m: KafkaMessage) => headersToStrings(m.headers);

export async function createHarness(label: string): Promise<Harness> {
  const env = await createTestEnv(label);
  const logger = createLogger({ name: label, level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const kafka = createKafka({ brokers: env.kafkaBrokers, clientId: label }, logger);
  const producer = createProducer(kafka);
  await producer.connect();
  const registry = new Registry();
  const fatal: Error[] = [];
  const handles: ConsumerHandle[] = [];
  const readers: Consumer[] = [];
  let groups = 0;

  return {
    env,
    producer,
    registry,
    fatal,
    async topic(name, partitions = 1) {
      const full = `${env.prefix}${name}`;
      await env.createTopics([{ topic: full, numPartitions: partitions }]);
      return full;
    },
    async start<T>(opts: StartOptions<T>) {
      const handle = await runConsumer<T>({
        kafka,
        logger,
        metrics: registry,
        maxWaitTimeInMs: 100,
        backoff: { initialMs: 10, maxMs: 50, factor: 2 },
        onFatal: (e) => fatal.push(e),
        ...opts,
      } as RunConsumerOptions<T>);
      handles.push(handle);
      return handle;
    },
    async readTopic(topic, count) {
      const seen: KafkaMessage[] = [];
      const reader = kafka.consumer({
        groupId: `${env.prefix}reader-${groups++}`,
        maxWaitTimeInMs: 100,
      });
      readers.push(reader);
      await reader.connect();
      await reader.subscribe({ topics: [topic], fromBeginning: true });
      await reader.run({ eachMessage: async ({ message }) => void seen.push(message) });
      await eventually(() => (seen.length >= count ? true : undefined), {
        what: `${count} records on ${topic}`,
      });
      await reader.disconnect();
      return seen;
    },
    async cleanup() {
      await Promise.all(handles.map((h) => h.stop()));
      await Promise.all(readers.map((r) => r.disconnect()));
      await producer.disconnect();
      await env.cleanup();
    },
  };
}

/** Registers setup and teardown for the enclosing describe; call the getter inside tests. */
export function useHarness(label: string): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await createHarness(label);
  });
  afterAll(async () => {
    await harness?.cleanup();
  });
  return () => {
    if (!harness) throw new Error('harness used outside a test');
    return harness;
  };
}

export { eventually };
