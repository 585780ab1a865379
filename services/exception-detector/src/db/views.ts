import type pg from 'pg';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';

type Q = Pick<pg.ClientBase, 'query'>;

export async function loadOrder(
  db: Q,
  tenantId: string,
  orderId: string,
): Promise<OrderView | undefined> {
  const { rows } = await db.query<{ data: OrderView }>(
    'SELECT data FROM order_views WHERE tenant_id = $1 AND order_id = $2',
    [tenantId, orderId],
  );
  return rows[0]?.data;
}

export async function saveOrder(db: Q, v: OrderView): Promise<void> {
  await db.query(
    `INSERT INTO order_views (tenant_id, order_id, customer_id, po_number, data) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (tenant_id, order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id,
       po_number = EXCLUDED.po_number, data = EXCLUDED.data`,
    [v.tenantId, v.orderId, v.customerId, v.poNumber, JSON.stringify(v)],
  );
}

export async function loadShipment(
  db: Q,
  tenantId: string,
  shipmentId: string,
): Promise<ShipmentView | undefined> {
  const { rows } = await db.query<{ data: ShipmentView }>(
    'SELECT data FROM shipment_views WHERE tenant_id = $1 AND shipment_id = $2',
    [tenantId, shipmentId],
  );
  return rows[0]?.data;
}

export async function saveShipment(db: Q, v: ShipmentView): Promise<void> {
  await db.query(
    `INSERT INTO shipment_views (tenant_id, shipment_id, order_id, data) VALUES ($1,$2,$3,$4)
     ON CONFLICT (tenant_id, shipment_id) DO UPDATE SET order_id = EXCLUDED.order_id, data = EXCLUDED.data`,
    [v.tenantId, v.shipmentId, v.orderId, JSON.stringify(v)],
  );
}

export async function shipmentsOfOrder(
  db: Q,
  tenantId: string,
  orderId: string,
): Promise<ShipmentView[]> {
  const { rows } = await db.query<{ data: ShipmentView }>(
    'SELECT data FROM shipment_views WHERE tenant_id = $1 AND order_id = $2 ORDER BY shipment_id',
    [tenantId, orderId],
  );
  return rows.map((r) => r.data);
}

export async function ordersWithSku(db: Q, tenantId: string, sku: string): Promise<OrderView[]> {
  const { rows } = await db.query<{ data: OrderView }>(
    `SELECT data FROM order_views WHERE tenant_id = $1 AND data -> 'lines' @> $2::jsonb ORDER BY order_id`,
    [tenantId, JSON.stringify([{ sku }])],
  );
  return rows.map((r) => r.data);
}

export async function findOrderByPo(
  db: Q,
  tenantId: string,
  customerId: string,
  po: string,
): Promise<OrderView | undefined> {
  const { rows } = await db.query<{ data: OrderView }>(
    'SELECT data FROM order_views WHERE tenant_id = $1 AND customer_id = $2 AND po_number = $3 LIMIT 1',
    [tenantId, customerId, po],
  );
  return rows[0]?.data;
}

export async function findShipmentByTracking(
  db: Q,
  tenantId: string,
  tn: string,
): Promise<ShipmentView | undefined> {
  const { rows } = await db.query<{ data: ShipmentView }>(
    `SELECT data FROM shipment_views WHERE tenant_id = $1 AND data -> 'trackingNumbers' ? $2 LIMIT 1`,
    [tenantId, tn],
  );
  return rows[0]?.data;
}

export async function loadSku(db: Q, tenantId: string, sku: string): Promise<SkuView | undefined> {
  return (await skus(db, tenantId, [sku]))[0];
}

export async function skus(db: Q, tenantId: string, list: readonly string[]): Promise<SkuView[]> {
  if (list.length === 0) return [];
  const { rows } = await db.query<{ data: SkuView }>(
    'SELECT data FROM sku_views WHERE tenant_id = $1 AND sku = ANY($2) ORDER BY sku',
    [tenantId, [...list]],
  );
  return rows.map((r) => r.data);
}

export async function saveSku(db: Q, v: SkuView): Promise<void> {
  await db.query(
    `INSERT INTO sku_views (tenant_id, sku, data) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, sku) DO UPDATE SET data = EXCLUDED.data`,
    [v.tenantId, v.sku, JSON.stringify(v)],
  );
}

/** Keeps the earliest ship-confirm of an order. */
export async function recordShipped(db: Q, tenantId: string, orderId: string, at: string) {
  await db.query(
    `INSERT INTO order_shipped (tenant_id, order_id, shipped_at) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, order_id) DO UPDATE
       SET shipped_at = LEAST(order_shipped.shipped_at, EXCLUDED.shipped_at)`,
    [tenantId, orderId, at],
  );
}

export async function firstShippedAt(
  db: Q,
  tenantId: string,
  orderId: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ shipped_at: Date }>(
    'SELECT shipped_at FROM order_shipped WHERE tenant_id = $1 AND order_id = $2',
    [tenantId, orderId],
  );
  return rows[0]?.shipped_at.toISOString();
}
