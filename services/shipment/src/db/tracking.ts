import type { ParcelCursor } from '../domain/intents.js';
import type { Queryable } from './queryable.js';

/** Records tracking number → shipment; a re-confirm may move a number to its latest shipment. */
export async function linkTrackingNumbers(
  client: Queryable,
  links: readonly { trackingNumber: string; shipmentId: string }[],
): Promise<void> {
  if (links.length === 0) return;
  await client.query(
    `INSERT INTO tracking_links (tracking_number, shipment_id)
     SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (tracking_number) DO UPDATE SET shipment_id = EXCLUDED.shipment_id`,
    [links.map((l) => l.trackingNumber), links.map((l) => l.shipmentId)],
  );
}

export async function shipmentsOfTrackingNumbers(
  client: Queryable,
  trackingNumbers: readonly string[],
): Promise<Set<string>> {
  if (trackingNumbers.length === 0) return new Set();
  const { rows } = await client.query<{ shipment_id: string }>(
    `SELECT DISTINCT shipment_id FROM tracking_links WHERE tracking_number = ANY($1::text[])`,
    [trackingNumbers],
  );
  return new Set(rows.map((r) => r.shipment_id));
}

export async function loadCursors(
  client: Queryable,
  trackingNumbers: readonly string[],
): Promise<Map<string, ParcelCursor>> {
  if (trackingNumbers.length === 0) return new Map();
  const { rows } = await client.query<{ tracking_number: string; cursor: ParcelCursor }>(
    `SELECT tracking_number, cursor FROM parcels WHERE tracking_number = ANY($1::text[])`,
    [trackingNumbers],
  );
  return new Map(rows.map((r) => [r.tracking_number, r.cursor]));
}

export async function saveCursors(
  client: Queryable,
  cursors: readonly ParcelCursor[],
): Promise<void> {
  if (cursors.length === 0) return;
  await client.query(
    `INSERT INTO parcels (tracking_number, cursor)
     SELECT * FROM unnest($1::text[], $2::jsonb[])
     ON CONFLICT (tracking_number) DO UPDATE SET cursor = EXCLUDED.cursor`,
    [cursors.map((c) => c.trackingNumber), cursors.map((c) => JSON.stringify(c))],
  );
}
