import type pg from 'pg';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';
import type { FeedState } from '../domain/rules/feed-rules.js';
import type { TimerSpec } from '../domain/rules/signals.js';

type Q = Pick<pg.ClientBase, 'query'>;

export interface ShippedFact {
  orderId: string;
  at: string;
}

/** The projections and feed states a batch reads ahead, by kind. */
export interface ViewKeys {
  orders: readonly string[];
  /** Orders whose every shipment is read. */
  shipmentsOf: readonly string[];
  shipments: readonly string[];
  skus: readonly string[];
  feeds: readonly string[];
  /** Feeds whose silence timers (armed or fired, not cancelled) due from `from` on are read. */
  silences?: readonly { source: string; from: Date }[];
}

/** A feed's silence timers as timers.timersOf reads them (due time, then id). */
export interface FeedSilences {
  source: string;
  timers: (TimerSpec & { fired: boolean })[];
}

export interface Views {
  orders: OrderView[];
  shipmentsOf: ShipmentView[];
  shipments: ShipmentView[];
  skus: SkuView[];
  feeds: FeedState[];
  /** One per feed asked for, with or without timers. */
  silences: FeedSilences[];
}

/**
 * Views by id (orders, every shipment of orders, shipments, SKUs, feed states) and feeds'
 * silence timers in one round trip, each row tagged with its kind (rows in no particular order).
 */
export async function viewsOf(db: Q, keys: ViewKeys): Promise<Views> {
  const out: Views = {
    orders: [],
    shipmentsOf: [],
    shipments: [],
    skus: [],
    feeds: [],
    silences: [],
  };
  const silences = keys.silences ?? [];
  if (Object.values({ ...keys, silences }).every((ids: readonly unknown[]) => ids.length === 0))
    return out;
  const { rows } = await db.query<{ k: keyof Views; data: never }>(
    `SELECT 'orders' AS k, data FROM order_views WHERE order_id = ANY($1)
     UNION ALL SELECT 'shipmentsOf', data FROM shipment_views WHERE order_id = ANY($2)
     UNION ALL SELECT 'shipments', data FROM shipment_views WHERE shipment_id = ANY($3)
     UNION ALL SELECT 'skus', data FROM sku_views WHERE sku = ANY($4)
     UNION ALL SELECT 'feeds', data FROM feed_state WHERE source_system = ANY($5)
     UNION ALL SELECT 'silences', jsonb_build_object('source', f.source, 'timers',
         COALESCE(jsonb_agg(t.spec || jsonb_build_object('fired', t.fired_at IS NOT NULL)
           ORDER BY t.due_at, t.timer_id) FILTER (WHERE t.timer_id IS NOT NULL), '[]'))
       FROM unnest($6::text[], $7::timestamptz[]) AS f(source, since)
       LEFT JOIN timers t ON t.kind = 'feed_stalled'
         AND t.spec -> 'subject' = jsonb_build_object('kind', 'source_system', 'id', f.source)
         AND t.due_at >= f.since AND t.cancelled_at IS NULL AND t.dead_at IS NULL
       GROUP BY f.source`,
    [
      [...keys.orders],
      [...keys.shipmentsOf],
      [...keys.shipments],
      [...keys.skus],
      [...keys.feeds],
      silences.map((s) => s.source),
      silences.map((s) => s.from),
    ],
  );
  for (const r of rows) out[r.k].push(r.data);
  return out;
}

export async function ordersWithSku(db: Q, sku: string): Promise<OrderView[]> {
  const { rows } = await db.query<{ data: OrderView }>(
    `SELECT data FROM order_views WHERE data -> 'lines' @> $1::jsonb ORDER BY order_id`,
    [JSON.stringify([{ sku }])],
  );
  return rows.map((r) => r.data);
}

export async function findOrderByPo(
  db: Q,
  customerId: string,
  po: string,
): Promise<OrderView | undefined> {
  const { rows } = await db.query<{ data: OrderView }>(
    'SELECT data FROM order_views WHERE customer_id = $1 AND po_number = $2 LIMIT 1',
    [customerId, po],
  );
  return rows[0]?.data;
}

export async function findShipmentByTracking(db: Q, tn: string): Promise<ShipmentView | undefined> {
  const { rows } = await db.query<{ data: ShipmentView }>(
    `SELECT data FROM shipment_views WHERE data -> 'trackingNumbers' ? $1 LIMIT 1`,
    [tn],
  );
  return rows[0]?.data;
}

export async function firstShippedAt(db: Q, orderId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ shipped_at: Date }>(
    'SELECT shipped_at FROM order_shipped WHERE order_id = $1',
    [orderId],
  );
  return rows[0]?.shipped_at.toISOString();
}

export async function saveOrders(db: Q, views: readonly OrderView[]): Promise<void> {
  if (views.length === 0) return;
  await db.query(
    `INSERT INTO order_views (order_id, customer_id, po_number, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
       ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id,
         po_number = EXCLUDED.po_number, data = EXCLUDED.data`,
    [
      views.map((v) => v.orderId),
      views.map((v) => v.customerId),
      views.map((v) => v.poNumber),
      views.map((v) => JSON.stringify(v)),
    ],
  );
}

export async function saveShipments(db: Q, views: readonly ShipmentView[]): Promise<void> {
  if (views.length === 0) return;
  await db.query(
    `INSERT INTO shipment_views (shipment_id, order_id, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])
       ON CONFLICT (shipment_id) DO UPDATE SET order_id = EXCLUDED.order_id, data = EXCLUDED.data`,
    [
      views.map((v) => v.shipmentId),
      views.map((v) => v.orderId),
      views.map((v) => JSON.stringify(v)),
    ],
  );
}

export async function saveSkus(db: Q, views: readonly SkuView[]): Promise<void> {
  if (views.length === 0) return;
  await db.query(
    `INSERT INTO sku_views (sku, data)
       SELECT * FROM unnest($1::text[], $2::jsonb[])
       ON CONFLICT (sku) DO UPDATE SET data = EXCLUDED.data`,
    [views.map((v) => v.sku), views.map((v) => JSON.stringify(v))],
  );
}

/** Ship-confirms as the WMS sent them: the earliest of each order is kept. */
export async function recordShipped(db: Q, facts: readonly ShippedFact[]): Promise<void> {
  if (facts.length === 0) return;
  const first = new Map<string, { orderId: string; at: string }>();
  for (const f of facts) {
    const k = f.orderId;
    const known = first.get(k);
    if (!known || Date.parse(f.at) < Date.parse(known.at)) first.set(k, f);
  }
  const list = [...first.values()];
  await db.query(
    `INSERT INTO order_shipped (order_id, shipped_at)
       SELECT * FROM unnest($1::text[], $2::timestamptz[])
       ON CONFLICT (order_id) DO UPDATE
         SET shipped_at = LEAST(order_shipped.shipped_at, EXCLUDED.shipped_at)`,
    [list.map((f) => f.orderId), list.map((f) => f.at)],
  );
}
