import type pg from 'pg';

export interface OrderKpis {
  orders: number;
  /** On time (delivered on or before the promised date, in the order's zone) and in full. */
  otif: { measured: number; hits: number; ratio: number | null };
  /** Units shipped over units ordered, on orders that have shipped. */
  fillRate: { orderedUnits: number; shippedUnits: number; ratio: number | null };
}

/**
 * KPIs over the read model; customerId scopes them to one customer, a window to the orders
 * placed in [since, until] (an order whose placing time is unknown stays out of a window).
 */
export async function orderKpis(
  db: Pick<pg.Pool, 'query'>,
  customerId?: string,
  window: { since?: Date; until?: Date } = {},
): Promise<OrderKpis> {
  const { rows } = await db.query<{
    orders: string;
    delivered: string;
    otif_hits: string;
    ordered_units: string | null;
    shipped_units: string | null;
  }>(
    `WITH scoped AS (
       SELECT o.* FROM orders o
        WHERE ($1::text IS NULL OR o.customer_id = $1) AND o.cancelled_at IS NULL
          AND ($2::timestamptz IS NULL OR o.ordered_at >= $2)
          AND ($3::timestamptz IS NULL OR o.ordered_at <= $3)),
     delivered AS (
       SELECT s.order_id,
              min(h.at AT TIME ZONE coalesce(s.timezone, 'UTC'))::date AS delivered_on,
              bool_and(l.delivered_qty >= l.ordered_qty) AS in_full
         FROM scoped s
         JOIN order_status_history h ON h.order_id = s.order_id AND h.status = 'delivered'
         JOIN order_lines l ON l.order_id = s.order_id
        GROUP BY s.order_id),
     shipped AS (
       SELECT sum(l.ordered_qty) AS ordered_units, sum(l.shipped_qty) AS shipped_units
         FROM scoped s JOIN order_lines l ON l.order_id = s.order_id
        WHERE s.status IN ('partially_shipped', 'shipped', 'delivered'))
     SELECT (SELECT count(*) FROM scoped) AS orders,
            (SELECT count(*) FROM delivered) AS delivered,
            (SELECT count(*) FROM delivered d JOIN scoped s USING (order_id)
              WHERE d.in_full AND d.delivered_on <= s.promised_delivery_date) AS otif_hits,
            (SELECT ordered_units FROM shipped) AS ordered_units,
            (SELECT shipped_units FROM shipped) AS shipped_units`,
    [customerId ?? null, window.since ?? null, window.until ?? null],
  );
  const r = rows[0]!;
  const measured = Number(r.delivered);
  const hits = Number(r.otif_hits);
  const orderedUnits = Number(r.ordered_units ?? 0);
  const shippedUnits = Number(r.shipped_units ?? 0);
  return {
    orders: Number(r.orders),
    otif: { measured, hits, ratio: measured ? hits / measured : null },
    fillRate: {
      orderedUnits,
      shippedUnits,
      ratio: orderedUnits ? shippedUnits / orderedUnits : null,
    },
  };
}
