import type pg from 'pg';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';

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
