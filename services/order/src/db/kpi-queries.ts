import type pg from 'pg';
import { orderFilterSql, type OrderKpiFilter } from './kpi-filter.js';

interface Counts {
  orders: number;
  /** On time (delivered on or before the promised date, in the order's zone) and in full. */
  otif: { measured: number; hits: number; ratio: number | null };
  /** Units shipped over units ordered, on orders that have shipped. */
  fillRate: { orderedUnits: number; shippedUnits: number; ratio: number | null };
  /**
   * Order lines the warehouse picked exactly as ordered, over the lines it reported a pick for.
   * A short pick counts against it whatever its reason: the line left the pick face incomplete.
   */
  pickAccuracy: { pickedLines: number; accurateLines: number; ratio: number | null };
}

export interface OrderKpis extends Counts {
  /** The same per UTC day the orders were placed (days with orders only), oldest first. */
  byDay: (Counts & { day: string })[];
}

interface Row {
  day: string | null;
  orders: string;
  delivered: string;
  otif_hits: string;
  ordered_units: string | null;
  shipped_units: string | null;
  picked_lines: string | null;
  accurate_lines: string | null;
}

function counts(rows: readonly Row[]): Counts {
  const sum = (f: (r: Row) => string | null) => rows.reduce((n, r) => n + Number(f(r) ?? 0), 0);
  const measured = sum((r) => r.delivered);
  const hits = sum((r) => r.otif_hits);
  const orderedUnits = sum((r) => r.ordered_units);
  const shippedUnits = sum((r) => r.shipped_units);
  const pickedLines = sum((r) => r.picked_lines);
  const accurateLines = sum((r) => r.accurate_lines);
  return {
    orders: sum((r) => r.orders),
    otif: { measured, hits, ratio: measured ? hits / measured : null },
    fillRate: {
      orderedUnits,
      shippedUnits,
      ratio: orderedUnits ? shippedUnits / orderedUnits : null,
    },
    pickAccuracy: {
      pickedLines,
      accurateLines,
      ratio: pickedLines ? accurateLines / pickedLines : null,
    },
  };
}

/**
 * KPIs over the read model, over the orders the filter takes (see OrderKpiFilter): customer,
 * tier as the order stated it, site, carrier, and a window over the orders' placing time.
 * Counted per UTC day of placing; the totals are the days' sums, so the two never disagree.
 */
export async function orderKpis(
  db: Pick<pg.Pool, 'query'>,
  filter: OrderKpiFilter = {},
): Promise<OrderKpis> {
  const params: unknown[] = [];
  const where = orderFilterSql(filter, params);
  const { rows } = await db.query<Row>(
    `WITH scoped AS (
       SELECT o.* FROM orders o WHERE ${where}),
     delivered AS (
       SELECT s.order_id,
              min(h.at AT TIME ZONE coalesce(s.timezone, 'UTC'))::date AS delivered_on,
              bool_and(l.delivered_qty >= l.ordered_qty) AS in_full
         FROM scoped s
         JOIN order_status_history h ON h.order_id = s.order_id AND h.status = 'delivered'
         JOIN order_lines l ON l.order_id = s.order_id
        GROUP BY s.order_id),
     shipped AS (
       SELECT s.order_id, sum(l.ordered_qty) AS ordered_units, sum(l.shipped_qty) AS shipped_units
         FROM scoped s JOIN order_lines l ON l.order_id = s.order_id
        WHERE s.status IN ('partially_shipped', 'shipped', 'delivered')
        GROUP BY s.order_id),
     picked AS (
       SELECT s.order_id, count(*) AS picked_lines,
              count(*) FILTER (WHERE l.short_qty = 0 AND l.picked_qty >= l.ordered_qty)
                AS accurate_lines
         FROM scoped s JOIN order_lines l ON l.order_id = s.order_id
        WHERE l.picked_qty + l.short_qty > 0
        GROUP BY s.order_id)
     SELECT to_char((s.ordered_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
            count(*) AS orders,
            count(d.order_id) AS delivered,
            count(*) FILTER (WHERE d.in_full AND d.delivered_on <= s.promised_delivery_date)
              AS otif_hits,
            sum(u.ordered_units) AS ordered_units,
            sum(u.shipped_units) AS shipped_units,
            sum(p.picked_lines) AS picked_lines,
            sum(p.accurate_lines) AS accurate_lines
       FROM scoped s
       LEFT JOIN delivered d ON d.order_id = s.order_id
       LEFT JOIN shipped u ON u.order_id = s.order_id
       LEFT JOIN picked p ON p.order_id = s.order_id
      GROUP BY 1 ORDER BY 1`,
    params,
  );
  return {
    ...counts(rows),
    byDay: rows.flatMap((r) => (r.day ? [{ day: r.day, ...counts([r]) }] : [])),
  };
}
