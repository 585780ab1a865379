import {
  samplePurchaseOrderAcknowledged,
  samplePurchaseOrderIssued,
  samplePurchaseOrderReceived,
} from '@forewarn/contracts/fixtures';
import type pg from 'pg';

/** The order projection's tables, each read whole in a fixed order (json columns as jsonb). */
export const STATE_TABLES = {
  order_events:
    'SELECT source_system, event_id, order_id, type, occurred_at, event::jsonb AS event FROM order_events ORDER BY 1, 2',
  orders: 'SELECT * FROM orders ORDER BY order_id',
  order_lines: 'SELECT * FROM order_lines ORDER BY order_id, line_no',
  order_holds: 'SELECT * FROM order_holds ORDER BY order_id, hold_no',
  order_status_history: 'SELECT * FROM order_status_history ORDER BY order_id, seq',
  order_emissions: 'SELECT * FROM order_emissions ORDER BY event_id',
  order_state: 'SELECT order_id, state::jsonb AS state FROM order_state ORDER BY order_id',
};

/** The rows of the given tables (by default the projection's), by table. */
export async function snapshot(
  pool: pg.Pool,
  tables: Record<string, string> = STATE_TABLES,
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(tables)) out[table] = (await pool.query(sql)).rows;
  return out;
}

export const issued = (po: string, supplierId: string, supplierName: string) =>
  samplePurchaseOrderIssued({ payload: { poNumber: po, supplierId, supplierName } });

export const acked = (po: string, supplierId: string, at: string) =>
  samplePurchaseOrderAcknowledged({
    occurredAt: at,
    payload: { poNumber: po, supplierId, acknowledgedAt: at },
  });

export const received = (po: string, supplierId: string, at: string, bolts: number, rejected = 0) =>
  samplePurchaseOrderReceived({
    occurredAt: at,
    payload: {
      poNumber: po,
      supplierId,
      receiptId: `GR-${po}-${at}`,
      receivedAt: at,
      lines: [
        { lineNo: 1, sku: 'SKU-PUMP-200', qtyReceived: 10, qtyRejected: rejected },
        { lineNo: 2, sku: 'SKU-BOLT-M8', qtyReceived: bolts, qtyRejected: 0 },
      ],
    },
  });
