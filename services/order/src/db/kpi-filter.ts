/** Which orders the KPIs are over; each filter left out takes every order. */
export interface OrderKpiFilter {
  /** One customer's orders (a customer key is scoped to its own before this). */
  customerId?: string;
  /** Orders of customers in this tier, as the order stated it. */
  tier?: string;
  /** Orders fulfilled from this site (the WMS warehouseId). */
  site?: string;
  /** Orders with at least one shipment by this carrier. */
  carrier?: string;
  /** Orders placed at or after this instant (an order whose placing time is unknown stays out). */
  since?: Date;
  /** Orders placed at or before this instant. */
  until?: Date;
}

/**
 * The filter as SQL conditions over orders `o`, each value bound into `params` (never spliced
 * into the text); always starts with the orders that count (not cancelled).
 */
export function orderFilterSql(filter: OrderKpiFilter, params: unknown[]): string {
  const bind = (v: unknown) => `$${params.push(v)}`;
  const where = ['o.cancelled_at IS NULL'];
  if (filter.customerId !== undefined) where.push(`o.customer_id = ${bind(filter.customerId)}`);
  if (filter.tier !== undefined) where.push(`o.customer_tier = ${bind(filter.tier)}`);
  if (filter.site !== undefined) where.push(`o.site_id = ${bind(filter.site)}`);
  if (filter.carrier !== undefined) where.push(`${bind(filter.carrier)} = ANY(o.carriers)`);
  if (filter.since !== undefined) where.push(`o.ordered_at >= ${bind(filter.since)}`);
  if (filter.until !== undefined) where.push(`o.ordered_at <= ${bind(filter.until)}`);
  return where.join(' AND ');
}
