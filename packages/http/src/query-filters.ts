import { z } from 'zod';

/**
 * A dashboard filter on an id the caller names (a site, a carrier) in a list's or a KPI's query
 * string: one bound everywhere, so one dashboard query string is valid at every service. What it
 * selects differs by route (a case's order, an order's shipments), so each route describes it.
 */
export const idFilter = (selects: string) =>
  z.string().min(1).max(200).optional().describe(selects);
