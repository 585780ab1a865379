import { uuidV7 } from '@forewarn/runtime/platform';
import type { Kafka, KafkaMessage } from 'kafkajs';

export interface ReadReport {
  messages: number;
  /** Wall epoch ms: consumer started, first batch in hand, last partition read to its end. */
  startedAt: number;
  firstBatchAt: number;
  endedAt: number;
}

/**
 * Reads topics from the beginning to the high watermarks they had when called, with a bare
 * kafkajs consumer in a group of its own: eachBatch, nothing else unless `onBatch` adds it.
 */
export async function readToEnd(
  kafka: Kafka,
  topics: readonly string[],
  onBatch: (topic: string, messages: readonly KafkaMessage[]) => void = () => undefined,
): Promise<ReadReport> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  try {
    for (const topic of topics)
      for (const w of await admin.fetchTopicOffsets(topic))
        if (Number(w.high) > Number(w.low))
          remaining.set(`${topic}:${w.partition}`, Number(w.high));
  } finally {
    await admin.disconnect();
  }
  const startedAt = Date.now();
  if (remaining.size === 0)
    return { messages: 0, startedAt, firstBatchAt: startedAt, endedAt: startedAt };
  const consumer = kafka.consumer({ groupId: `bench-read.${uuidV7()}`, maxWaitTimeInMs: 100 });
  let messages = 0;
  let firstBatchAt = 0;
  let endedAt = 0;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            if (!firstBatchAt) firstBatchAt = Date.now();
            messages += batch.messages.length;
            onBatch(batch.topic, batch.messages);
            const key = `${batch.topic}:${batch.partition}`;
            const end = remaining.get(key);
            if (end !== undefined && Number(batch.lastOffset()) + 1 >= end) remaining.delete(key);
            if (remaining.size === 0 && !endedAt) {
              endedAt = Date.now();
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return { messages, startedAt, firstBatchAt, endedAt };
}
