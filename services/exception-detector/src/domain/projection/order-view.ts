import type { OrderStatusChanged } from '@forewarn/contracts';
import type { Money, Tier } from '../types.js';
import { isNewer, type OrderEvent } from './events.js';

export type OrderLine = OrderStatusChanged['payload']['lines'][number];
export type OrderStatus = OrderStatusChanged['payload']['status'];

/** The detector's own view of an order: what its rules need, built from domain.orders. */
export interface OrderView {
  orderId: string;
  customerId: string;
  customerName?: string;
  tier: Tier;
  accountRepId?: string;
  poNumber: string;
  promisedShipDate: string;
  promisedDeliveryDate: string;
  /** The promise as the order service resolved it; the detector never resolves one itself. */
  shipBy?: string;
  deliverBy?: string;
  region?: string;
  timezone?: string;
  /** The site (warehouse) fulfilling the order, as the order service published it. */
  siteId?: string;
  status?: OrderStatus;
  orderValue?: Money;
  lines: OrderLine[];
  shipmentIds: string[];
  /** Event time of the first shipped (or cancelled) status: the late-shipment watch ends there. */
  shippedAt?: string;
  /** Credited returns: RMA id → credit time. */
  credits?: Record<string, string>;
  /** SKU → event time it was first seen allocated to this order (stock held for it since). */
  allocatedSince?: Record<string, string>;
  /** Newest event applied; an older event arriving late never overwrites it. */
  asOf?: { at: string; eventId: string };
}

const opt = <T>(v: T | null | undefined): T | undefined => v ?? undefined;
const siteOf = (siteId: string | null | undefined) => (siteId ? { siteId } : {});

export const SHIPPED_STATUSES: readonly OrderStatus[] = [
  'partially_shipped',
  'shipped',
  'delivered',
  'cancelled',
];

const earlier = (a: string | undefined, b: string): string =>
  a !== undefined && Date.parse(a) <= Date.parse(b) ? a : b;

function allocations(view: OrderView, event: OrderEvent): OrderView {
  const lines =
    event.type === 'order.status-changed'
      ? event.payload.lines
      : event.type === 'order.line-short'
        ? [event.payload.line]
        : [];
  let since = view.allocatedSince;
  for (const l of lines) {
    if (l.allocatedQty <= 0) continue;
    const at = earlier(since?.[l.sku], event.occurredAt);
    if (at !== since?.[l.sku]) since = { ...since, [l.sku]: at };
  }
  return since === view.allocatedSince ? view : { ...view, allocatedSince: since! };
}

/** Facts that only accumulate, whatever order their events arrive in. */
function accumulate(view: OrderView, event: OrderEvent): OrderView {
  view = allocations(view, event);
  if (event.type === 'order.status-changed' && SHIPPED_STATUSES.includes(event.payload.status)) {
    const shippedAt = earlier(view.shippedAt, event.occurredAt);
    return shippedAt === view.shippedAt ? view : { ...view, shippedAt };
  }
  if (event.type === 'order.return-credited') {
    const { rmaId, creditedAt } = event.payload;
    if (view.credits?.[rmaId] === creditedAt) return view;
    return { ...view, credits: { ...view.credits, [rmaId]: creditedAt } };
  }
  return view;
}

/** Applies an order event to the view; a late, older event only adds its lasting facts. */
export function evolveOrder(view: OrderView | undefined, event: OrderEvent): OrderView {
  if (view && !isNewer(event, view.asOf)) return accumulate(view, event);
  return accumulate(current(view, event), event);
}

function current(view: OrderView | undefined, event: OrderEvent): OrderView {
  const p = event.payload;
  const next: OrderView = {
    lines: view?.lines ?? [],
    shipmentIds: view?.shipmentIds ?? [],
    ...(view?.shippedAt ? { shippedAt: view.shippedAt } : {}),
    ...(view?.credits ? { credits: view.credits } : {}),
    ...(view?.allocatedSince ? { allocatedSince: view.allocatedSince } : {}),
    ...(view?.status ? { status: view.status } : {}),
    ...(view?.orderValue ? { orderValue: view.orderValue } : {}),
    orderId: p.orderId,
    customerId: p.customerId,
    customerName: opt(p.customerName),
    tier: p.customerTier,
    accountRepId: opt(p.accountRepId),
    poNumber: p.poNumber,
    promisedShipDate: p.promisedShipDate,
    promisedDeliveryDate: p.promisedDeliveryDate,
    shipBy: opt(p.shipBy),
    deliverBy: opt(p.deliverBy),
    region: opt(p.region),
    timezone: opt(p.timezone),
    // Kept when a newer event does not name it (one written before the order service did).
    ...siteOf(p.siteId ?? view?.siteId),
    asOf: { at: event.occurredAt, eventId: event.eventId },
  };
  switch (event.type) {
    case 'order.status-changed':
      return {
        ...next,
        status: event.payload.status,
        orderValue: event.payload.orderValue,
        lines: event.payload.lines,
        shipmentIds: event.payload.shipmentIds,
      };
    case 'order.line-short': {
      const line = event.payload.line;
      const others = next.lines.filter((l) => l.lineNo !== line.lineNo);
      return {
        ...next,
        orderValue: event.payload.orderValue,
        lines: [...others, { ...line, shortQty: event.payload.shortQty }].sort(
          (a, b) => a.lineNo - b.lineNo,
        ),
      };
    }
    default:
      return next;
  }
}

export const isShipped = (o: OrderView | undefined): boolean =>
  o?.status !== undefined && SHIPPED_STATUSES.includes(o.status);
