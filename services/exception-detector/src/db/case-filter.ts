/** Which cases a dashboard figure is over; each filter left out takes every case. */
export interface DashboardFilter {
  tier?: string;
  customer?: string;
  /** A shipment case's carrier, or the carrier of any shipment of an order case. */
  carrier?: string;
  /**
   * The site (warehouse) fulfilling the order of an order case, or of a shipment case's order,
   * as the order service published it on its events (the order view's siteId).
   */
  site?: string;
}

/** The order of a case `c`: an order case's subject, or the order of a shipment case's subject. */
const ORDER_OF_CASE = `(CASE c.subject_kind WHEN 'order' THEN c.subject_id
  WHEN 'shipment' THEN (SELECT s.order_id FROM shipment_views s WHERE s.shipment_id = c.subject_id)
  END)`;

/**
 * The filter as SQL conditions over cases `c` (each prefixed with AND, none when nothing is
 * filtered), its values bound into `params`, never spliced into the text. A case whose subject
 * has no site or carrier is not in any site's or carrier's figures.
 */
export function caseFilterSql(filter: DashboardFilter, params: unknown[]): string {
  const where: string[] = [];
  const bind = (v: unknown) => `$${params.push(v)}`;
  if (filter.tier) where.push(`c.customer_tier = ${bind(filter.tier)}`);
  if (filter.customer) where.push(`c.customer_id = ${bind(filter.customer)}`);
  if (filter.carrier) {
    const carrier = bind(filter.carrier);
    where.push(`EXISTS (SELECT 1 FROM shipment_views s WHERE s.data ->> 'carrier' = ${carrier}
      AND ((c.subject_kind = 'shipment' AND s.shipment_id = c.subject_id)
        OR (c.subject_kind = 'order' AND s.order_id = c.subject_id)))`);
  }
  if (filter.site) {
    where.push(`EXISTS (SELECT 1 FROM order_views o WHERE o.data ->> 'siteId' = ${bind(filter.site)}
      AND o.order_id = ${ORDER_OF_CASE})`);
  }
  return where.map((w) => `AND ${w}`).join(' ');
}
