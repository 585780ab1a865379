import type pg from 'pg';
import type { StatusEntry } from '../domain/fold.js';
import type { OrderView } from '../domain/view.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

export interface OrderSnapshot {
  view: OrderView;
  history: StatusEntry[];
}

function headerRow({ view: v }: OrderSnapshot) {
  const h = v.header;
  return {
    order_id: v.orderId,
    customer_id: h.customerId,
    customer_name: h.customerName,
    customer_tier: h.customerTier,
    account_rep_id: h.accountRepId,
    po_number: h.poNumber,
    ship_to: h.shipTo,
    currency: h.currency,
    order_value_minor: v.orderValue.amountMinor,
    status: v.status,
    ordered_at: h.orderedAt,
    requested_ship_date: h.requestedShipDate,
    promised_ship_date: h.promisedShipDate,
    promised_delivery_date: h.promisedDeliveryDate,
    region: h.region,
    timezone: h.timezone,
    cancelled_at: v.cancelled?.at ?? null,
    cancel_reason: v.cancelled?.reason ?? null,
    shipment_ids: v.shipmentIds,
    site_id: v.siteId,
    carriers: v.carriers,
    invoices: v.invoices,
    returns: v.returns,
    last_event_at: v.lastEventAt,
    event_count: v.eventCount,
  };
}

const ORDER_COLUMNS = `order_id text, customer_id text, customer_name text, customer_tier text,
  account_rep_id text, po_number text, ship_to jsonb, currency text, order_value_minor bigint,
  status text, ordered_at timestamptz, requested_ship_date date, promised_ship_date date,
  promised_delivery_date date, region text, timezone text, cancelled_at timestamptz,
  cancel_reason text, shipment_ids text[], site_id text, carriers text[], invoices jsonb, returns jsonb,
  last_event_at timestamptz, event_count int`;

const columnNames = (decl: string) =>
  decl.split(',').map((c) => c.trim().split(/\s+/)[0] as string);

/** INSERT … SELECT FROM json_to_recordset: any number of rows, one statement, fixed parameters. */
function insertRows(table: string, decl: string, conflict: string): string {
  const cols = columnNames(decl);
  return `INSERT INTO ${table} (${cols.join(', ')})
    SELECT ${cols.join(', ')} FROM json_to_recordset($1::json) AS r(${decl}) ${conflict}`;
}

const UPSERT_ORDERS = insertRows(
  'orders',
  ORDER_COLUMNS,
  `ON CONFLICT (order_id) DO UPDATE SET ${columnNames(ORDER_COLUMNS)
    .filter((c) => c !== 'order_id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}`,
);

const INSERT_LINES = insertRows(
  'order_lines',
  `order_id text, line_no int, sku text, description text, critical boolean,
   unit_price_minor bigint, currency text, ordered_qty int, allocated_qty int, backordered_qty int,
   expected_available_date date, picked_qty int, short_qty int, short_reason text,
   shipped_qty int, delivered_qty int, invoiced_qty int, returned_qty int`,
  '',
);

const INSERT_HOLDS = insertRows(
  'order_holds',
  `order_id text, hold_no int, kind text, reason text, placed_at timestamptz,
   released_at timestamptz, note text`,
  '',
);

const INSERT_HISTORY = insertRows(
  'order_status_history',
  `order_id text, seq int, status text, previous_status text, at timestamptz,
   cause_event_id text, cause_source_system text`,
  '',
);

/**
 * Replaces the read model of the given orders with their freshly folded state: header upsert,
 * then lines, holds and status history rewritten whole. Seven statements whatever the count.
 */
export async function writeOrders(
  client: Queryable,
  snapshots: readonly OrderSnapshot[],
): Promise<void> {
  if (snapshots.length === 0) return;
  const ids = snapshots.map((s) => s.view.orderId);
  await client.query(UPSERT_ORDERS, [JSON.stringify(snapshots.map(headerRow))]);
  for (const table of ['order_lines', 'order_holds', 'order_status_history']) {
    await client.query(`DELETE FROM ${table} WHERE order_id = ANY($1::text[])`, [ids]);
  }
  const lines = snapshots.flatMap(({ view: v }) =>
    v.lines.map((l) => ({
      order_id: v.orderId,
      line_no: l.lineNo,
      sku: l.sku,
      description: l.description,
      critical: l.critical,
      unit_price_minor: l.unitPrice.amountMinor,
      currency: l.unitPrice.currency,
      ordered_qty: l.orderedQty,
      allocated_qty: l.allocatedQty,
      backordered_qty: l.backorderedQty,
      expected_available_date: l.expectedAvailableDate,
      picked_qty: l.pickedQty,
      short_qty: l.shortQty,
      short_reason: l.shortReason,
      shipped_qty: l.shippedQty,
      delivered_qty: l.deliveredQty,
      invoiced_qty: l.invoicedQty,
      returned_qty: l.returnedQty,
    })),
  );
  const holds = snapshots.flatMap(({ view: v }) =>
    v.holds.map((h, i) => ({
      order_id: v.orderId,
      hold_no: i + 1,
      kind: h.kind,
      reason: h.reason,
      placed_at: h.placedAt,
      released_at: h.releasedAt,
      note: h.note,
    })),
  );
  const history = snapshots.flatMap((s) =>
    s.history.map((h) => ({
      order_id: s.view.orderId,
      seq: h.seq,
      status: h.status,
      previous_status: h.previousStatus,
      at: h.at,
      cause_event_id: h.causeEventId,
      cause_source_system: h.causeSourceSystem,
    })),
  );
  if (lines.length > 0) await client.query(INSERT_LINES, [JSON.stringify(lines)]);
  if (holds.length > 0) await client.query(INSERT_HOLDS, [JSON.stringify(holds)]);
  if (history.length > 0) await client.query(INSERT_HISTORY, [JSON.stringify(history)]);
}
