import type { StatusEntry } from '../domain/fold.js';
import type { OrderView } from '../domain/view.js';
import type { Write } from './write-back.js';

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

/**
 * INSERT … SELECT FROM json_to_recordset($1): any number of rows, fixed parameters; a row whose
 * key exists replaces it, left as it is when nothing changed (no dead row for an unchanged line).
 */
function upsertRows(table: string, decl: string, key: readonly string[]): string {
  const cols = columnNames(decl);
  const rest = cols.filter((c) => !key.includes(c));
  const set = rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const now = rest.map((c) => `${table}.${c}`).join(', ');
  const next = rest.map((c) => `EXCLUDED.${c}`).join(', ');
  return `INSERT INTO ${table} (${cols.join(', ')})
    SELECT ${cols.join(', ')} FROM json_to_recordset($1::json) AS r(${decl})
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set}
    WHERE (${now}) IS DISTINCT FROM (${next})`;
}

/** Deletes the rows of orders $2 whose key is not among the rows of $1 (a child's rewrite). */
function deleteOthers(table: string, decl: string, key: readonly string[]): string {
  const match = key.map((c) => `r.${c} = t.${c}`).join(' AND ');
  return `DELETE FROM ${table} t WHERE t.order_id = ANY($2::text[])
    AND NOT EXISTS (SELECT 1 FROM json_to_recordset($1::json) AS r(${decl}) WHERE ${match})`;
}

const LINE_COLUMNS = `order_id text, line_no int, sku text, description text, critical boolean,
   unit_price_minor bigint, currency text, ordered_qty int, allocated_qty int, backordered_qty int,
   expected_available_date date, picked_qty int, short_qty int, short_reason text,
   shipped_qty int, delivered_qty int, invoiced_qty int, returned_qty int`;

const HOLD_COLUMNS = `order_id text, hold_no int, kind text, reason text, placed_at timestamptz,
   released_at timestamptz, note text`;

const HISTORY_COLUMNS = `order_id text, seq int, status text, previous_status text, at timestamptz,
   cause_event_id text, cause_source_system text`;

/** A child table's rewrite for the given orders: upsert its new rows, delete the rest. */
function childWrite(
  table: string,
  decl: string,
  key: readonly string[],
  rows: readonly object[],
  orderIds: readonly string[],
): Write {
  return {
    statements: [upsertRows(table, decl, key), deleteOthers(table, decl, key)],
    params: [JSON.stringify(rows), orderIds],
  };
}

/**
 * The writes that replace the read model of the given orders with their freshly folded state,
 * for runWrites: header upsert, and lines, holds and status history each rewritten whole (new
 * rows upserted, the others deleted). Empty when there are no snapshots.
 */
export function ordersWrites(snapshots: readonly OrderSnapshot[]): Write[] {
  if (snapshots.length === 0) return [];
  const ids = snapshots.map((s) => s.view.orderId);
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
  return [
    {
      statements: [upsertRows('orders', ORDER_COLUMNS, ['order_id'])],
      params: [JSON.stringify(snapshots.map(headerRow))],
    },
    childWrite('order_lines', LINE_COLUMNS, ['order_id', 'line_no'], lines, ids),
    childWrite('order_holds', HOLD_COLUMNS, ['order_id', 'hold_no'], holds, ids),
    childWrite('order_status_history', HISTORY_COLUMNS, ['order_id', 'seq'], history, ids),
  ];
}
