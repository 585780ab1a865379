import type { ShipmentSourceEvent, ShipmentState } from '../domain/types.js';
import type { Queryable } from './queryable.js';

export interface ShipmentRow {
  shipment_id: string;
  customer_id: string | null;
  state: ShipmentState;
}

export interface ShipmentFilter {
  customerId?: string | undefined;
  orderId?: string | undefined;
  poNumber?: string | undefined;
  trackingNumber?: string | undefined;
  /** Exclusive: shipments after this id (keyset pagination). */
  after?: string | undefined;
  limit: number;
}

export async function findShipment(
  db: Queryable,
  shipmentId: string,
): Promise<ShipmentRow | undefined> {
  const { rows } = await db.query<ShipmentRow>(
    `SELECT shipment_id, customer_id, state FROM shipments WHERE shipment_id = $1`,
    [shipmentId],
  );
  return rows[0];
}

/** Shipments matching every given filter, by shipment id; one more than `limit` tells of a next page. */
export async function listShipments(db: Queryable, f: ShipmentFilter): Promise<ShipmentRow[]> {
  const { rows } = await db.query<ShipmentRow>(
    `SELECT shipment_id, customer_id, state FROM shipments
     WHERE ($1::text IS NULL OR customer_id = $1)
       AND ($2::text IS NULL OR order_id = $2)
       AND ($3::text IS NULL OR po_number = $3)
       AND ($4::text IS NULL OR tracking_numbers @> ARRAY[$4::text])
       AND ($5::text IS NULL OR shipment_id > $5)
       AND order_id IS NOT NULL
     ORDER BY shipment_id LIMIT $6`,
    [
      f.customerId ?? null,
      f.orderId ?? null,
      f.poNumber ?? null,
      f.trackingNumber ?? null,
      f.after ?? null,
      f.limit + 1,
    ],
  );
  return rows;
}

export interface TimelineRow {
  event_id: string;
  occurred_at: Date;
  body: ShipmentSourceEvent;
}

/** The shipment's source events in event-time order, after a (occurredAt, eventId) position. */
export async function timelineEvents(
  db: Queryable,
  shipmentId: string,
  after: { occurredAt: string; eventId: string } | undefined,
  limit: number,
): Promise<TimelineRow[]> {
  const { rows } = await db.query<TimelineRow>(
    `SELECT event_id, occurred_at, body FROM (
       SELECT e.event_id, e.occurred_at, e.body FROM events e WHERE e.shipment_id = $1
       UNION ALL
       SELECT e.event_id, e.occurred_at, e.body
       FROM tracking_links l JOIN events e ON e.tracking_number = l.tracking_number
       WHERE l.shipment_id = $1
     ) t
     WHERE $2::timestamptz IS NULL OR (occurred_at, event_id) > ($2::timestamptz, $3::text)
     ORDER BY occurred_at, event_id LIMIT $4`,
    [shipmentId, after?.occurredAt ?? null, after?.eventId ?? null, limit + 1],
  );
  return rows;
}
