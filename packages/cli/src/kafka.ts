import { uuidV7 } from '@forewarn/platform';
import { Kafka, logLevel, Partitioners, type IHeaders, type KafkaMessage } from 'kafkajs';
import type { Io } from './io.js';

export interface KafkaTarget {
  brokers: string[];
  prefix: string;
}

export function kafkaTarget(
  values: { brokers?: string | undefined; prefix?: string | undefined },
  io: Io,
): KafkaTarget {
  const brokers = (values.brokers ?? io.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  return { brokers, prefix: values.prefix ?? io.env.KAFKA_TOPIC_PREFIX ?? '' };
}

/** A client that gives up within seconds: a CLI should say "unreachable", not hang for a minute. */
export function cliKafka(target: KafkaTarget): Kafka {
  return new Kafka({
    clientId: 'forewarn-cli',
    brokers: target.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1_000 },
    logLevel: logLevel.NOTHING,
  });
}

export function cliProducer(kafka: Kafka) {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

export interface ReadMessage {
  partition: number;
  message: KafkaMessage;
}

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return last === undefined ? undefined : last.toString();
}

/**
 * Reads a topic from the beginning up to its current end with a throwaway consumer group (deleted
 * afterwards), so listing a DLQ never moves anyone's offsets.
 */
export async function readTopic(kafka: Kafka, topic: string): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) return [];
    const ends = await admin.fetchTopicOffsets(topic);
    const starts = await admin.fetchTopicOffsetsByTimestamp(topic, 0);
    const pending = new Map<number, bigint>();
    for (const e of ends) {
      const start = BigInt(starts.find((s) => s.partition === e.partition)?.offset ?? '0');
      if (BigInt(e.high) > start) pending.set(e.partition, BigInt(e.high));
    }
    if (pending.size === 0) return [];
    const groupId = `forewarn-cli-${uuidV7()}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    const out: ReadMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              const end = pending.get(partition);
              if (end === undefined || BigInt(message.offset) >= end) return;
              out.push({ partition, message });
              if (BigInt(message.offset) + 1n >= end) pending.delete(partition);
              if (pending.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return out.sort(
      (a, b) =>
        a.partition - b.partition || Number(BigInt(a.message.offset) - BigInt(b.message.offset)),
    );
  } finally {
    await admin.disconnect();
  }
}
