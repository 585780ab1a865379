import type pg from 'pg';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';

type Q = Pick<pg.ClientBase, 'query'>;

export async function loadOrder(db: Q, orderId: string): Promise<OrderView | undefined> {
  const { rows } = await db.query<{ data: OrderView }>(
    'SELECT data FROM order_views WHERE order_id = $1',
    [orderId],
  );
  return rows[0]?.data;
}

export async function loadShipment(db: Q, shipmentId: string): Promise<ShipmentView | undefined> {
  const { rows } = await db.query<{ data: ShipmentView }>(
    'SELECT data FROM shipment_views WHERE shipment_id = $1',
    [shipmentId],
  );
  return rows[0]?.data;
}

export async function shipmentsOfOrder(db: Q, orderId: string): Promise<ShipmentView[]> {
  const { rows } = await db.query<{ data: ShipmentView }>(
    'SELECT data FROM shipment_views WHERE order_id = $1 ORDER BY shipment_id',
    [orderId],
  );
  return rows.map((r) => r.data);
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

export async function skus(db: Q, list: readonly string[]): Promise<SkuView[]> {
  if (list.length === 0) return [];
  const { rows } = await db.query<{ data: SkuView }>(
    'SELECT data FROM sku_views WHERE sku = ANY($1) ORDER BY sku',
    [[...list]],
  );
  return rows.map((r) => r.data);
}

export async function firstShippedAt(db: Q, orderId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ shipped_at: Date }>(
    'SELECT shipped_at FROM order_shipped WHERE order_id = $1',
    [orderId],
  );
  return rows[0]?.shipped_at.toISOString();
}
