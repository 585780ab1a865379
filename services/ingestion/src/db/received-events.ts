import type pg from 'pg';

export interface ReceivedRow {
  sourceSystem: string;
  eventId: string;
  eventType: string;
  topic: string;
  outboxEventId: string;
  occurredAt: string;
  receivedAt: Date;
}

/**
 * Records source events as received and returns the ones this call recorded (as
 * `sourceSystem/eventId` keys). Rows already there, or inserted by a concurrent request for the
 * same ids, are not returned: those are duplicates and must not reach the outbox again.
 */
export async function claimReceived(
  client: Pick<pg.ClientBase, 'query'>,
  rows: readonly ReceivedRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { rows: claimed } = await client.query<{ source_system: string; event_id: string }>(
    `INSERT INTO received_events
       (source_system, event_id, event_type, topic, outbox_event_id, occurred_at, received_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[],
                          $6::timestamptz[], $7::timestamptz[])
     ON CONFLICT DO NOTHING
     RETURNING source_system, event_id`,
    [
      rows.map((r) => r.sourceSystem),
      rows.map((r) => r.eventId),
      rows.map((r) => r.eventType),
      rows.map((r) => r.topic),
      rows.map((r) => r.outboxEventId),
      rows.map((r) => r.occurredAt),
      rows.map((r) => r.receivedAt),
    ],
  );
  return new Set(claimed.map((r) => `${r.source_system}/${r.event_id}`));
}
