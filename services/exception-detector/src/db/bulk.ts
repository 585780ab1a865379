import type pg from 'pg';
import type { Case } from '../domain/cases/case.js';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';
import type { FeedState } from '../domain/rules/feed-rules.js';
import type { BulkStore } from '../workflow/bulk-store.js';
import { SCAN_MERGE } from './scans.js';
import { TIMER_REARM } from './timers.js';

type Q = Pick<pg.ClientBase, 'query'>;

async function dataOf<T>(db: Q, ids: readonly string[], sql: string): Promise<T[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ data: T }>(sql, [[...ids]]);
  return rows.map((r) => r.data);
}

// PostgreSQL text and jsonb hold no U+0000, and jsonb no unpaired surrogate.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string): boolean =>
  text.includes(String.fromCharCode(0)) || LONE_SURROGATE.test(text);

/** The error PostgreSQL would give the row's one-row write, raised before the write-back. */
export function checkStorable(row: object): void {
  JSON.stringify(row, (k, v: unknown) => {
    if (unstorable(k) || (typeof v === 'string' && unstorable(v)))
      throw new Error(
        `PostgreSQL cannot store ${JSON.stringify(k)}: U+0000 or an unpaired surrogate`,
      );
    return v;
  });
}

/**
 * The detector's bulk reads and writes, one statement each: what the batch store reads ahead and
 * writes back, the store's one write path for projections, feeds, scans, notices and timers.
 */
export function pgBulk(db: Q): BulkStore {
  return {
    check: checkStorable,
    orders: (keys) =>
      dataOf<OrderView>(db, keys, `SELECT v.data FROM order_views v WHERE v.order_id = ANY($1)`),
    shipments: (keys) =>
      dataOf<ShipmentView>(
        db,
        keys,
        `SELECT v.data FROM shipment_views v WHERE v.shipment_id = ANY($1)`,
      ),
    shipmentsOfOrders: (keys) =>
      dataOf<ShipmentView>(
        db,
        keys,
        `SELECT v.data FROM shipment_views v WHERE v.order_id = ANY($1)
         ORDER BY v.shipment_id`,
      ),
    skus: (keys) =>
      dataOf<SkuView>(db, keys, `SELECT v.data FROM sku_views v WHERE v.sku = ANY($1)`),
    feeds: (keys) =>
      dataOf<FeedState>(
        db,
        keys,
        `SELECT v.data FROM feed_state v WHERE v.source_system = ANY($1)`,
      ),
    openCases: async (subjects) => {
      if (subjects.length === 0) return [];
      const { rows } = await db.query<{ data: Case }>(
        `SELECT c.data FROM cases c
           JOIN unnest($1::text[], $2::text[]) AS s(kind, id)
             ON c.subject_kind = s.kind AND c.subject_id = s.id
         WHERE c.status IN ('open', 'in_progress', 'waiting_on_customer')
         ORDER BY c.case_id FOR UPDATE OF c`,
        [subjects.map((s) => s.kind), subjects.map((s) => s.id)],
      );
      return rows.map((r) => r.data);
    },
    saveOrders: async (views) => {
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
    },
    saveShipments: async (views) => {
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
    },
    saveSkus: async (views) => {
      if (views.length === 0) return;
      await db.query(
        `INSERT INTO sku_views (sku, data)
         SELECT * FROM unnest($1::text[], $2::jsonb[])
         ON CONFLICT (sku) DO UPDATE SET data = EXCLUDED.data`,
        [views.map((v) => v.sku), views.map((v) => JSON.stringify(v))],
      );
    },
    saveFeeds: async (states) => {
      if (states.length === 0) return;
      await db.query(
        `INSERT INTO feed_state (source_system, data)
         SELECT * FROM unnest($1::text[], $2::jsonb[])
         ON CONFLICT (source_system) DO UPDATE SET data = EXCLUDED.data`,
        [states.map((s) => s.sourceSystem), states.map((s) => JSON.stringify(s))],
      );
    },
    recordScans: async (scans) => {
      if (scans.length === 0) return;
      // One row per parcel (an upsert may touch a row once): its scans of the batch as one list.
      const parcels = new Map<string, { tn: string; at: string[] }>();
      for (const s of scans) {
        const k = s.trackingNumber;
        const p = parcels.get(k) ?? { tn: s.trackingNumber, at: [] };
        p.at.push(new Date(s.at).toISOString());
        parcels.set(k, p);
      }
      const list = [...parcels.values()];
      await db.query(
        `INSERT INTO parcel_scans (tracking_number, scans)
         SELECT p.tn, (SELECT COALESCE(jsonb_agg(t ORDER BY t), '[]'::jsonb) FROM (
             SELECT DISTINCT t FROM jsonb_array_elements_text(p.scans) AS t ORDER BY t DESC LIMIT ${SCAN_MERGE.keep}) s)
         FROM unnest($1::text[], $2::jsonb[]) AS p(tn, scans)
         ON CONFLICT (tracking_number) DO UPDATE SET scans = ${SCAN_MERGE.sql}`,
        [list.map((p) => p.tn), list.map((p) => JSON.stringify(p.at))],
      );
    },
    recordShipped: async (facts) => {
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
    },
    recordNotices: async (notices) => {
      if (notices.length === 0) return;
      // DO NOTHING also skips a notice repeated within the statement, as its second insert would.
      await db.query(
        `INSERT INTO customer_notices (notification_id, trigger_event_id, case_id, sent_at, data)
         SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::timestamptz[], $5::jsonb[])
         ON CONFLICT DO NOTHING`,
        [
          notices.map((n) => n.notificationId),
          notices.map((n) => n.triggerEventId),
          notices.map((n) => n.caseId ?? null),
          notices.map((n) => n.sentAt),
          notices.map((n) => JSON.stringify(n)),
        ],
      );
    },
    schedule: async (timers) => {
      if (timers.length === 0) return;
      await db.query(
        `INSERT INTO timers (timer_id, kind, due_at, spec)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[])
         ON CONFLICT (timer_id) DO UPDATE SET ${TIMER_REARM}`,
        [
          timers.map((t) => t.timerId),
          timers.map((t) => t.kind),
          timers.map((t) => t.dueAt),
          timers.map((t) => JSON.stringify(t)),
        ],
      );
    },
    // A fired timer is history and stays; so does one due before `asOf` (the deadline passed
    // before the awaited event happened). `forget` deletes an unfired one.
    cancel: async (cancels) => {
      const forget = cancels.filter((c) => c.forget);
      const keep = cancels.filter((c) => !c.forget);
      if (forget.length > 0)
        await db.query(`DELETE FROM timers WHERE timer_id = ANY($1) AND fired_at IS NULL`, [
          forget.map((c) => c.timerId),
        ]);
      if (keep.length > 0)
        await db.query(
          `UPDATE timers SET cancelled_at = c.at
           FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS c(timer_id, at, as_of)
           WHERE timers.timer_id = c.timer_id AND timers.fired_at IS NULL AND timers.cancelled_at IS NULL
             AND (c.as_of IS NULL OR timers.due_at >= c.as_of)`,
          [keep.map((c) => c.timerId), keep.map((c) => c.at), keep.map((c) => c.asOf ?? null)],
        );
    },
  };
}
