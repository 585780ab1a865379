import { decodeEvent, deadLetterTopic, prefixed } from '@forewarn/contracts';
import type { Kafka } from 'kafkajs';
import { headerText, readTopic } from './kafka.js';

/** Header names of the dead-letter contract of @forewarn/kafka (see its README). */
export const DLQ = {
  reason: 'dlq.reason',
  error: 'dlq.error',
  sourceTopic: 'dlq.source.topic',
  sourcePartition: 'dlq.source.partition',
  sourceOffset: 'dlq.source.offset',
  failedAt: 'dlq.failed-at',
} as const;

export interface DlqEntry {
  /** `partition:offset` in the DLQ: how entries are named on the command line. */
  id: string;
  partition: number;
  offset: string;
  reason: string | undefined;
  error: string | undefined;
  source: { topic: string | undefined; partition: string | undefined; offset: string | undefined };
  failedAt: string | undefined;
  eventId: string | undefined;
  /** The original payload decoded where possible: the Avro event, else JSON, else base64. */
  payload: { format: 'avro' | 'json' | 'text' | 'base64' | 'empty'; value: unknown };
  redriven: { at: string; toTopic: string; fixed: boolean } | undefined;
  raw: { key: Buffer | null; value: Buffer | null; headers: Record<string, string> };
}

export const dlqTopicOf = (prefix: string, group: string) =>
  prefixed(prefix, deadLetterTopic(group));
/** Markers of re-driven entries, keyed by `partition:offset`; compacted, so it stays small. */
export const redrivenTopicOf = (prefix: string, group: string) =>
  `${dlqTopicOf(prefix, group)}.redriven`;

function decodePayload(value: Buffer | null): DlqEntry['payload'] {
  if (!value || value.length === 0) return { format: 'empty', value: null };
  try {
    return { format: 'avro', value: decodeEvent(value).event };
  } catch {
    // not a valid Forewarn message: fall through to the plainer readings
  }
  const text = value.toString('utf8');
  try {
    return { format: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return /^[\x20-\x7e\s]*$/.test(text)
      ? { format: 'text', value: text }
      : { format: 'base64', value: value.toString('base64') };
  }
}

export async function readRedriven(
  kafka: Kafka,
  prefix: string,
  group: string,
): Promise<Map<string, DlqEntry['redriven']>> {
  const markers = new Map<string, DlqEntry['redriven']>();
  for (const { message } of await readTopic(kafka, redrivenTopicOf(prefix, group))) {
    if (!message.key || !message.value) continue;
    markers.set(
      message.key.toString(),
      JSON.parse(message.value.toString()) as DlqEntry['redriven'],
    );
  }
  return markers;
}

export async function readDlq(kafka: Kafka, prefix: string, group: string): Promise<DlqEntry[]> {
  const markers = await readRedriven(kafka, prefix, group);
  const messages = await readTopic(kafka, dlqTopicOf(prefix, group));
  return messages.map(({ partition, message }) => {
    const headers: Record<string, string> = {};
    for (const name of Object.keys(message.headers ?? {})) {
      const v = headerText(message.headers, name);
      if (v !== undefined) headers[name] = v;
    }
    const payload = decodePayload(message.value);
    const decodedId =
      payload.value && typeof payload.value === 'object'
        ? (payload.value as { eventId?: unknown }).eventId
        : undefined;
    const id = `${partition}:${message.offset}`;
    return {
      id,
      partition,
      offset: message.offset,
      reason: headers[DLQ.reason],
      error: headers[DLQ.error],
      source: {
        topic: headers[DLQ.sourceTopic],
        partition: headers[DLQ.sourcePartition],
        offset: headers[DLQ.sourceOffset],
      },
      failedAt: headers[DLQ.failedAt],
      eventId: typeof decodedId === 'string' ? decodedId : headers['source-event-id'],
      payload,
      redriven: markers.get(id),
      raw: { key: message.key, value: message.value, headers },
    };
  });
}
