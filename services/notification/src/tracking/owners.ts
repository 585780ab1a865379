import type { TrackingConfig } from './config.js';

/** The fields of each owner's answer the page reads (the owners' own API shapes). */
export interface OwnerOrder {
  orderId: string;
  customerId: string;
  poNumber: string;
  status: string;
  timezone: string | null;
  lines: {
    lineNo: number;
    sku: string;
    description: string | null;
    orderedQty: number;
    shippedQty: number;
  }[];
}
export interface OwnerPromise {
  shipBy: string;
  deliverBy: string;
}
export interface OwnerTimelineEntry {
  at: string;
  type: string;
}
export interface OwnerShipment {
  shipmentId: string;
  carrier: string;
  trackingNumbers: string[];
  status: string;
  statusAt: string | null;
  eta: string | null;
  deliveredAt: string | null;
}
export interface OwnerCase {
  caseId: string;
  caseType: string;
  origin: string;
  status: string;
  openedAt: string;
  resolvedAt: string | null;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  remedy: { kind: string; dueBy: string | null } | null;
  requests: { requestId: string; requestType: string; at: string }[];
}

/** Everything the owners say about one order; null where an owner could not be reached. */
export interface OwnerFacts {
  order: OwnerOrder;
  promise: OwnerPromise | null;
  timeline: OwnerTimelineEntry[] | null;
  shipments: OwnerShipment[] | null;
  cases: OwnerCase[] | null;
}

export type OrderLookup =
  { kind: 'found'; facts: OwnerFacts } | { kind: 'not_found' } | { kind: 'unavailable' };

const TIMEOUT_MS = 5_000;

/** GET a JSON document: its body, `null` on 404, `undefined` when the owner did not answer well. */
async function getJson<T>(url: string, apiKey: string): Promise<T | null | undefined> {
  try {
    const res = await fetch(url, {
      headers: { 'x-api-key': apiKey, accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
    if (res.status === 404) return null;
    if (!res.ok) return undefined;
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
}

/**
 * Reads one order from its owners, server-side with the page's read-only key. The order
 * service decides whose order it is: another customer's order is the same "not found" as none.
 */
export async function lookUpOrder(
  owners: TrackingConfig['owners'],
  orderId: string,
  customerId: string,
): Promise<OrderLookup> {
  const id = encodeURIComponent(orderId);
  const get = <T>(base: string, path: string) => getJson<T>(`${base}${path}`, owners.apiKey);
  const order = await get<OwnerOrder>(owners.order, `/v1/orders/${id}`);
  if (order === null) return { kind: 'not_found' };
  if (order === undefined) return { kind: 'unavailable' };
  if (order.customerId !== customerId) return { kind: 'not_found' };
  const customer = encodeURIComponent(customerId);
  const [promise, timeline, shipments, cases] = await Promise.all([
    get<OwnerPromise>(owners.order, `/v1/orders/${id}/promise`),
    get<{ entries: OwnerTimelineEntry[] }>(owners.order, `/v1/orders/${id}/timeline`),
    get<{ items: OwnerShipment[] }>(owners.shipment, `/v1/orders/${id}/shipments?limit=100`),
    get<{ items: OwnerCase[] }>(owners.detector, `/v1/orders/${id}/cases?customerId=${customer}`),
  ]);
  return {
    kind: 'found',
    facts: {
      order,
      promise: promise ?? null,
      timeline: timeline ? timeline.entries : null,
      // The shipment service answers 404 for an order with no shipment yet: that is none.
      shipments: shipments === null ? [] : (shipments?.items ?? null),
      cases: cases ? cases.items : null,
    },
  };
}
