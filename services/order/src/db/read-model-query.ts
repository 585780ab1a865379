import type pg from 'pg';
import type { OrderInputEvent } from '../domain/events.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

export interface OrderRow {
  order_id: string;
  customer_id: string;
  customer_name: string | null;
  customer_tier: string;
  account_rep_id: string | null;
  po_number: string;
  ship_to: Record<string, unknown>;
  currency: string;
  order_value_minor: string;
  status: string;
  ordered_at: Date | null;
  requested_ship_date: string | null;
  promised_ship_date: string;
  promised_delivery_date: string;
  region: string | null;
  timezone: string | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  shipment_ids: string[];
  invoices: unknown[];
  returns: unknown[];
  last_event_at: Date | null;
  event_count: number;
}

export interface LineRow {
  order_id: string;
  line_no: number;
  sku: string;
  description: string | null;
  critical: boolean;
  unit_price_minor: string;
  currency: string;
  ordered_qty: number;
  allocated_qty: number;
  backordered_qty: number;
  expected_available_date: string | null;
  picked_qty: number;
  short_qty: number;
  short_reason: string | null;
  shipped_qty: number;
  delivered_qty: number;
  invoiced_qty: number;
  returned_qty: number;
}

export interface HoldRow {
  hold_no: number;
  kind: string;
  reason: string | null;
  placed_at: Date;
  released_at: Date | null;
  note: string | null;
}

export interface HistoryRow {
  seq: number;
  status: string;
  previous_status: string | null;
  at: Date;
  cause_event_id: string;
  cause_source_system: string;
}

// Dates as text: node-pg would turn a `date` into a local-midnight Date.
const ORDER_SELECT = `SELECT order_id, customer_id, customer_name, customer_tier, account_rep_id,
  po_number, ship_to, currency, order_value_minor, status, ordered_at,
  requested_ship_date::text, promised_ship_date::text, promised_delivery_date::text, region,
  timezone, cancelled_at, cancel_reason, shipment_ids, invoices, returns, last_event_at,
  event_count FROM orders`;

export async function findOrder(client: Queryable, orderId: string): Promise<OrderRow | null> {
  const { rows } = await client.query<OrderRow>(`${ORDER_SELECT} WHERE order_id = $1`, [orderId]);
  return rows[0] ?? null;
}

export async function findOrderDetail(client: Queryable, orderId: string) {
  const order = await findOrder(client, orderId);
  if (!order) return null;
  const [lines, holds, history] = await Promise.all([
    client.query<LineRow>(
      `SELECT order_id, line_no, sku, description, critical, unit_price_minor, currency,
         ordered_qty, allocated_qty, backordered_qty, expected_available_date::text, picked_qty,
         short_qty, short_reason, shipped_qty, delivered_qty, invoiced_qty, returned_qty
       FROM order_lines WHERE order_id = $1 ORDER BY line_no`,
      [orderId],
    ),
    client.query<HoldRow>('SELECT * FROM order_holds WHERE order_id = $1 ORDER BY hold_no', [
      orderId,
    ]),
    client.query<HistoryRow>(
      'SELECT * FROM order_status_history WHERE order_id = $1 ORDER BY seq',
      [orderId],
    ),
  ]);
  return { order, lines: lines.rows, holds: holds.rows, history: history.rows };
}

/** Orders with this PO number, limited to one customer when `customerId` is given. */
export async function findByPo(
  client: Queryable,
  poNumber: string,
  customerId: string | undefined,
): Promise<OrderRow[]> {
  const { rows } = await client.query<OrderRow>(
    `${ORDER_SELECT} WHERE po_number = $1 AND ($2::text IS NULL OR customer_id = $2)
     ORDER BY order_id LIMIT 100`,
    [poNumber, customerId ?? null],
  );
  return rows;
}

export interface CustomerOrdersQuery {
  customerId: string;
  status?: string;
  promisedFrom?: string;
  promisedTo?: string;
  /** Keyset position: strictly after (promised_delivery_date, order_id). */
  after?: { date: string; orderId: string };
  limit: number;
}

/** A customer's orders by promised delivery date then id; fetches one extra row to page. */
export async function listCustomerOrders(
  client: Queryable,
  q: CustomerOrdersQuery,
): Promise<OrderRow[]> {
  const { rows } = await client.query<OrderRow>(
    `${ORDER_SELECT}
     WHERE customer_id = $1
       AND ($2::text IS NULL OR status = $2)
       AND ($3::date IS NULL OR promised_delivery_date >= $3)
       AND ($4::date IS NULL OR promised_delivery_date <= $4)
       AND ($5::date IS NULL OR (promised_delivery_date, order_id) > ($5::date, $6::text))
     ORDER BY promised_delivery_date, order_id
     LIMIT $7`,
    [
      q.customerId,
      q.status ?? null,
      q.promisedFrom ?? null,
      q.promisedTo ?? null,
      q.after?.date ?? null,
      q.after?.orderId ?? null,
      q.limit + 1,
    ],
  );
  return rows;
}

/** The order's stored source events, the raw material of its timeline. */
export async function orderEvents(client: Queryable, orderId: string): Promise<OrderInputEvent[]> {
  const { rows } = await client.query<{ event: OrderInputEvent }>(
    'SELECT event FROM order_events WHERE order_id = $1 ORDER BY occurred_at, event_id',
    [orderId],
  );
  return rows.map((r) => r.event);
}
