import type { ShipmentState } from '../domain/types.js';
import type { Queryable } from './queryable.js';

/**
 * Writes folded shipments in one statement. Every column is derived from the fold, nothing from
 * the wall clock, so a replay into an empty database writes identical rows.
 */
export async function upsertShipments(
  client: Queryable,
  states: readonly ShipmentState[],
): Promise<void> {
  if (states.length === 0) return;
  const rows = states.map((s) => ({
    shipment_id: s.shipmentId,
    order_id: s.header?.orderId ?? null,
    customer_id: s.header?.customerId ?? null,
    po_number: s.header?.poNumber ?? null,
    carrier: s.header?.carrier ?? null,
    service_level: s.header?.serviceLevel ?? null,
    tracking_numbers: s.header?.trackingNumbers ?? Object.keys(s.parcels).sort(),
    status: s.status,
    status_at: s.statusAt,
    exception_reason: s.exceptionReason,
    international: s.header?.international ?? null,
    shipped_at: s.header?.shippedAt ?? null,
    last_scan_at: s.lastScanAt,
    eta: s.eta,
    delivered_at: s.deliveredAt,
    state: s,
  }));
  await client.query(
    `INSERT INTO shipments AS s
     SELECT * FROM jsonb_populate_recordset(NULL::shipments, $1::jsonb)
     ON CONFLICT (shipment_id) DO UPDATE SET
       order_id = EXCLUDED.order_id, customer_id = EXCLUDED.customer_id,
       po_number = EXCLUDED.po_number, carrier = EXCLUDED.carrier,
       service_level = EXCLUDED.service_level, tracking_numbers = EXCLUDED.tracking_numbers,
       status = EXCLUDED.status, status_at = EXCLUDED.status_at,
       exception_reason = EXCLUDED.exception_reason, international = EXCLUDED.international,
       shipped_at = EXCLUDED.shipped_at, last_scan_at = EXCLUDED.last_scan_at,
       eta = EXCLUDED.eta, delivered_at = EXCLUDED.delivered_at, state = EXCLUDED.state`,
    [JSON.stringify(rows)],
  );
}

/** Folded states of shipments, for the timer poller. */
export async function loadStates(
  client: Queryable,
  shipmentIds: readonly string[],
): Promise<Map<string, ShipmentState>> {
  if (shipmentIds.length === 0) return new Map();
  const { rows } = await client.query<{ shipment_id: string; state: ShipmentState }>(
    `SELECT shipment_id, state FROM shipments WHERE shipment_id = ANY($1::text[])`,
    [shipmentIds],
  );
  return new Map(rows.map((r) => [r.shipment_id, r.state]));
}
