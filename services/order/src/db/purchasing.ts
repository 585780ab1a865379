import { claimEvents, withTransaction, type ClientSource } from '@forewarn/db';
import type pg from 'pg';
import { insertEventsSql } from './event-store.js';
import {
  foldPurchaseOrder,
  type PurchaseOrder,
  type PurchasingEvent,
} from '../domain/purchase-order.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Inbox consumer name of the supplier projection (its own, beside the order projection's). */
export const PURCHASING_INBOX = 'order-suppliers';

const DAY_MS = 86_400_000;
const distinct = (xs: readonly string[]) => [...new Set(xs)];

/**
 * One transaction per consumed batch: claim the events in the inbox (a redelivery is claimed by
 * no one and changes nothing), store them, and refold every touched purchase order from all its
 * stored events, so a late or out-of-order event lands in its place.
 */
export async function applyPurchasingBatch(
  pool: ClientSource,
  events: readonly PurchasingEvent[],
): Promise<{ stored: number; purchaseOrders: number }> {
  if (events.length === 0) return { stored: 0, purchaseOrders: 0 };
  return withTransaction(pool, async (client) => {
    const pos = distinct(events.map((e) => e.payload.poNumber)).sort();
    await client.query(
      `SELECT pg_advisory_xact_lock(k) FROM (
         SELECT DISTINCT hashtextextended('purchase-order:' || po, 0) AS k
         FROM unnest($1::text[]) AS po ORDER BY 1
       ) AS keys`,
      [pos],
    );
    const claimed = await claimEvents(client, PURCHASING_INBOX, events);
    // One statement stores the claimed events and reads every stored event of their purchase
    // orders: the ones stored before (the statement's snapshot, taken after the locks) and the
    // ones it stores (its RETURNING).
    const { rows } = await client.query<{
      po_number: string;
      event: PurchasingEvent;
      new: boolean;
    }>(
      `WITH stored AS (${insertEventsSql('purchasing_events', 'po_number', 'poNumber')}
         RETURNING po_number, event
       )
       SELECT po_number, event, true AS new FROM stored
       UNION ALL
       SELECT po_number, event, false FROM purchasing_events
       WHERE po_number IN (SELECT po_number FROM stored)`,
      [JSON.stringify(claimed)],
    );
    const touched = distinct(rows.filter((r) => r.new).map((r) => r.po_number));
    if (touched.length === 0) return { stored: 0, purchaseOrders: 0 };
    const byPo = new Map<string, PurchasingEvent[]>();
    for (const r of rows) byPo.set(r.po_number, [...(byPo.get(r.po_number) ?? []), r.event]);
    const folded = touched.flatMap((po) => {
      const events = byPo.get(po) ?? [];
      const view = foldPurchaseOrder(po, events);
      return view ? [{ view, count: events.length }] : [];
    });
    await client.query(
      `INSERT INTO purchase_orders
         (po_number, supplier_id, supplier_name, issued_at, due_date, purchase_order, event_count)
       SELECT p->>'poNumber', p->>'supplierId', p->>'supplierName', (p->>'issuedAt')::timestamptz,
              (p->>'expectedReceiptDate')::date, p, c
       FROM unnest($1::jsonb[], $2::int[]) AS t(p, c)
       ON CONFLICT (po_number) DO UPDATE SET
         supplier_id = EXCLUDED.supplier_id, supplier_name = EXCLUDED.supplier_name,
         issued_at = EXCLUDED.issued_at, due_date = EXCLUDED.due_date,
         purchase_order = EXCLUDED.purchase_order, event_count = EXCLUDED.event_count`,
      [folded.map((f) => JSON.stringify(f.view)), folded.map((f) => f.count)],
    );
    return { stored: rows.filter((r) => r.new).length, purchaseOrders: folded.length };
  });
}

/**
 * The issued purchase orders a scorecard ending at `until` can need: issued by then, and issued
 * or due within the `days` before it (optionally one supplier's).
 */
export async function purchaseOrdersFor(
  db: Queryable,
  until: Date,
  days: number,
  supplierId?: string,
): Promise<PurchaseOrder[]> {
  const since = new Date(until.getTime() - days * DAY_MS);
  const { rows } = await db.query<{ purchase_order: PurchaseOrder }>(
    `SELECT purchase_order FROM purchase_orders
     WHERE issued_at IS NOT NULL AND issued_at <= $1
       AND (issued_at >= $2 OR due_date >= ($2::timestamptz AT TIME ZONE 'UTC')::date)
       AND ($3::text IS NULL OR supplier_id = $3)
     ORDER BY po_number`,
    [until, since, supplierId ?? null],
  );
  return rows.map((r) => r.purchase_order);
}

/** Whether the supplier has any purchase order at all (a detail page for an unknown one is a 404). */
export async function supplierKnown(db: Queryable, supplierId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM purchase_orders WHERE supplier_id = $1 LIMIT 1', [
    supplierId,
  ]);
  return rows.length > 0;
}
