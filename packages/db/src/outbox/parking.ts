import type pg from 'pg';
import { qualify } from '../identifiers.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * SQL adding parking to `<schema>.outbox`: a row the relay failed to publish `attempts` times
 * is parked (`parked_at`, `parked_reason`) and no longer blocks the rows behind it. Append it
 * to the service's own migrations.
 */
export function outboxParkingMigration(schema: string): string {
  const table = qualify(schema, 'outbox');
  return `
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0;
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS last_error text;
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS parked_at timestamptz;
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS parked_reason text;
CREATE INDEX IF NOT EXISTS outbox_pending_idx ON ${table} (id)
  WHERE published_at IS NULL AND parked_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_parked_idx ON ${table} (topic, key, id)
  WHERE parked_at IS NOT NULL AND published_at IS NULL;
`;
}

export interface ParkedOutboxRow {
  id: string;
  eventId: string;
  topic: string;
  key: string | null;
  attempts: number;
  parkedAt: Date;
  reason: string;
}

/** The parked rows, oldest first: what an operator looks at (and a service can expose). */
export async function parkedOutboxRows(
  client: Queryable,
  { schema, limit = 100 }: { schema?: string; limit?: number } = {},
): Promise<ParkedOutboxRow[]> {
  const { rows } = await client.query<{
    id: string;
    event_id: string;
    topic: string;
    key: string | null;
    attempts: number;
    parked_at: Date;
    parked_reason: string;
  }>(
    `SELECT id, event_id, topic, key, attempts, parked_at, parked_reason
       FROM ${qualify(schema, 'outbox')}
      WHERE parked_at IS NOT NULL AND published_at IS NULL
      ORDER BY id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    topic: r.topic,
    key: r.key,
    attempts: r.attempts,
    parkedAt: r.parked_at,
    reason: r.parked_reason,
  }));
}

/** Puts parked rows back in line with a fresh attempt count (after the cause was fixed). */
export async function unparkOutboxRows(
  client: Queryable,
  ids: readonly string[],
  { schema }: { schema?: string } = {},
): Promise<number> {
  const { rowCount } = await client.query(
    `UPDATE ${qualify(schema, 'outbox')}
        SET parked_at = NULL, parked_reason = NULL, attempts = 0
      WHERE id = ANY($1::bigint[]) AND parked_at IS NOT NULL`,
    [ids],
  );
  return rowCount ?? 0;
}
