import type { DecidedEvent } from '../domain/emissions.js';
import type { Intent } from '../domain/intents.js';
import type { ShipmentSourceEvent } from '../domain/types.js';
import type { Queryable } from './queryable.js';

export interface EventRow {
  event: ShipmentSourceEvent;
  shipmentId: string | null;
  trackingNumber: string | null;
  topic: string;
  partition: number;
  offset: string;
  intents: Intent[];
}

/** Stores accepted events in one statement; a redelivered id is left as first stored. */
export async function insertEvents(client: Queryable, rows: readonly EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO events (event_id, type, shipment_id, tracking_number, occurred_at,
                         source_topic, source_partition, source_offset, body, intents)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[],
                          $6::text[], $7::int[], $8::bigint[], $9::jsonb[], $10::jsonb[])
     ON CONFLICT (event_id) DO NOTHING`,
    [
      rows.map((r) => r.event.eventId),
      rows.map((r) => r.event.type),
      rows.map((r) => r.shipmentId),
      rows.map((r) => r.trackingNumber),
      rows.map((r) => r.event.occurredAt),
      rows.map((r) => r.topic),
      rows.map((r) => r.partition),
      rows.map((r) => r.offset),
      rows.map((r) => JSON.stringify(r.event)),
      rows.map((r) => JSON.stringify(r.intents)),
    ],
  );
}

/** Shipments among `shipmentIds` that already have a stored ship-confirm. */
export async function confirmedShipments(
  client: Queryable,
  shipmentIds: readonly string[],
): Promise<Set<string>> {
  if (shipmentIds.length === 0) return new Set();
  const { rows } = await client.query<{ shipment_id: string }>(
    `SELECT DISTINCT shipment_id FROM events
     WHERE shipment_id = ANY($1::text[]) AND type = 'wms.shipment.confirmed'`,
    [shipmentIds],
  );
  return new Set(rows.map((r) => r.shipment_id));
}

/**
 * Every stored event of the given shipments: their ship-confirms and the carrier events of
 * their tracking numbers (including orphans that arrived before the confirm).
 */
export async function loadShipmentEvents(
  client: Queryable,
  shipmentIds: readonly string[],
): Promise<Map<string, DecidedEvent[]>> {
  const out = new Map<string, DecidedEvent[]>(shipmentIds.map((id) => [id, []]));
  if (shipmentIds.length === 0) return out;
  const { rows } = await client.query<{
    shipment_id: string;
    body: ShipmentSourceEvent;
    intents: Intent[];
  }>(
    `SELECT e.shipment_id, e.body, e.intents FROM events e WHERE e.shipment_id = ANY($1::text[])
     UNION ALL
     SELECT l.shipment_id, e.body, e.intents
     FROM tracking_links l JOIN events e ON e.tracking_number = l.tracking_number
     WHERE l.shipment_id = ANY($1::text[])`,
    [shipmentIds],
  );
  for (const r of rows) out.get(r.shipment_id)?.push({ event: r.body, intents: r.intents });
  return out;
}
