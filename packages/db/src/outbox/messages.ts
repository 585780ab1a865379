/** A row of `<schema>.outbox` as the relay reads it (pg returns bigint ids as strings). */
export interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/** What the relay hands the publisher; shaped so a kafkajs `Message` accepts it as is. */
export interface OutboxMessage {
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/** Where the relay publishes. Must resolve only once the broker has acknowledged the messages. */
export interface OutboxPublisher {
  send(topic: string, messages: OutboxMessage[]): Promise<void>;
}

export const EVENT_ID_HEADER = 'event-id';

/**
 * Splits rows (in id order) into one send per topic, keeping id order within each topic. The
 * event id always wins over a stored header of the same name: consumers deduplicate on it.
 */
export function groupByTopic(
  rows: readonly OutboxRow[],
): { topic: string; messages: OutboxMessage[] }[] {
  const byTopic = new Map<string, OutboxMessage[]>();
  for (const row of rows) {
    let messages = byTopic.get(row.topic);
    if (messages === undefined) {
      messages = [];
      byTopic.set(row.topic, messages);
    }
    messages.push({
      key: row.key,
      value: row.value,
      headers: { ...row.headers, [EVENT_ID_HEADER]: row.event_id },
    });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
