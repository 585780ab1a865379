import {
  decodeEvent,
  deadLetterTopic,
  encodeEvent,
  keyFor,
  prefixed,
  type SourceEvent,
} from '@forewarn/contracts';
import { ensureTopics } from '@forewarn/kafka';
import type { Kafka, Message } from 'kafkajs';
import { cliProducer, headerText, readTopic } from './kafka.js';

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
  /** Set once the entry was re-driven to its topic, or discarded (toTopic null). */
  redriven: DlqMarker | undefined;
  raw: { key: Buffer | null; value: Buffer | null; headers: Record<string, string> };
}

/** What became of a DLQ entry: re-driven (to toTopic, maybe fixed) or discarded, when and by whom. */
export interface DlqMarker {
  at: string;
  toTopic: string | null;
  fixed: boolean;
  discarded?: boolean;
  /** Who did it, when it was not the command line (the HTTP route records the key's name). */
  by?: string;
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
): Promise<Map<string, DlqMarker>> {
  const markers = new Map<string, DlqMarker>();
  for (const { message } of await readTopic(kafka, redrivenTopicOf(prefix, group))) {
    if (!message.key || !message.value) continue;
    markers.set(message.key.toString(), JSON.parse(message.value.toString()) as DlqMarker);
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

/**
 * The message that re-drives an entry to its source topic: the original bytes, or `fix` (the
 * corrected event) instead; the dlq.* headers dropped and where it came from recorded.
 */
export function redriveMessage(entry: DlqEntry, dlqTopic: string, fix?: SourceEvent): Message {
  const headers = Object.fromEntries(
    Object.entries(entry.raw.headers).filter(([k]) => !k.startsWith('dlq.')),
  );
  headers['forewarn.redriven-from'] = `${dlqTopic}:${entry.id}`;
  return fix
    ? { key: keyFor(fix), value: encodeEvent(fix), headers }
    : { key: entry.raw.key, value: entry.raw.value, headers };
}

export interface DlqAction {
  entry: DlqEntry;
  /** The message to send to `topic`; absent to discard the entry. */
  redrive?: { topic: string; message: Message; fixed: boolean };
}

/**
 * Re-drives or discards entries, each then marked in the compacted marker topic (created on first
 * use), so neither the CLI nor the console does it twice. The marker follows the copy's
 * acknowledgement: a crash in between can re-drive once more, which consumers absorb by eventId.
 */
export async function settleDlqEntries(
  kafka: Kafka,
  prefix: string,
  group: string,
  actions: readonly DlqAction[],
  by?: string,
): Promise<DlqMarker[]> {
  const markers = redrivenTopicOf(prefix, group);
  const admin = kafka.admin();
  await admin.connect();
  try {
    // ensureTopics, not createTopics: a broker answers UNKNOWN_TOPIC_OR_PARTITION for a moment
    // after creating a topic, and kafkajs' waitForLeaders gives up on it.
    await ensureTopics(admin, [{ name: markers, partitions: 1, cleanupPolicy: 'compact' }]);
  } finally {
    await admin.disconnect();
  }
  const producer = cliProducer(kafka);
  await producer.connect();
  const done: DlqMarker[] = [];
  try {
    const at = new Date().toISOString();
    for (const a of actions) {
      if (a.redrive)
        await producer.send({ topic: a.redrive.topic, acks: -1, messages: [a.redrive.message] });
      const marker: DlqMarker = a.redrive
        ? { at, toTopic: a.redrive.topic, fixed: a.redrive.fixed }
        : { at, toTopic: null, fixed: false, discarded: true };
      if (by) marker.by = by;
      await producer.send({
        topic: markers,
        acks: -1,
        messages: [{ key: a.entry.id, value: JSON.stringify(marker) }],
      });
      done.push(marker);
    }
  } finally {
    await producer.disconnect();
  }
  return done;
}
