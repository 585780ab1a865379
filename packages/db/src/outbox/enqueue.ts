import type pg from 'pg';
import { qualify } from '../identifiers.js';
import { headersWithTrace } from './trace.js';

export interface OutboxEvent {
  /** A UUID; becomes the `event-id` header consumers deduplicate on. */
  eventId: string;
  topic: string;
  /** Kafka message key: events with the same key keep their order. */
  key: string | null;
  value: Buffer;
  headers?: Record<string, string>;
  /**
   * The event that caused this one (its `event-id`): with tracing on, the row keeps that
   * message's trace context, so the published event continues its trace.
   */
  causationId?: string | null;
}

/**
 * Adds events to the outbox inside the caller's transaction, in one statement whatever their
 * number; they get ascending ids in array order, which is the order the relay publishes them.
 * Without `schema` the table is found through the connection's search_path.
 */
export async function enqueueOutbox(
  client: Pick<pg.ClientBase, 'query'>,
  events: readonly OutboxEvent[],
  { schema }: { schema?: string } = {},
): Promise<void> {
  if (events.length === 0) return;
  // unnest over parallel arrays keeps the statement and its parameter count fixed;
  // ORDER BY ord pins the id order to the array order.
  await client.query(
    `INSERT INTO ${qualify(schema, 'outbox')} (event_id, topic, key, value, headers)
     SELECT event_id, topic, key, value, headers
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bytea[], $5::jsonb[])
       WITH ORDINALITY AS e(event_id, topic, key, value, headers, ord)
     ORDER BY ord`,
    [
      events.map((e) => e.eventId),
      events.map((e) => e.topic),
      events.map((e) => e.key),
      events.map((e) => e.value),
      events.map((e) => JSON.stringify(headersWithTrace(e.headers, e.causationId))),
    ],
  );
}
