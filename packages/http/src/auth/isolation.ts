import type { RouteAccess } from './access.js';

/**
 * `METHOD /url` of every route a customer key may call with an id in its path (an order, a
 * shipment, a case, a contact, a customer…): each one must answer another customer's id with the
 * same 404 as a missing one, so each belongs in the service's isolation test.
 */
export function customerIdRoutes(routes: readonly RouteAccess[]): string[] {
  return routes
    .filter((r) => r.roles?.includes('customer') === true && /\/:[A-Za-z]/.test(r.url))
    .map((r) => `${r.method} ${r.url}`);
}
