import type { OrderStatusChanged } from '@forewarn/contracts';
import type { Money, Tier } from '../types.js';
import { isNewer, type OrderEvent } from './events.js';

export type OrderLine = OrderStatusChanged['payload']['lines'][number];
export type OrderStatus = OrderStatusChanged['payload']['status'];

/** The detector's own view of an order: what its rules need, built from domain.orders. */
export interface OrderView {
  tenantId: string;
  orderId: string;
  customerId: string;
  customerName?: string;
  tier: Tier;
  accountRepId?: string;
  poNumber: string;
  promisedShipDate: string;
  promisedDeliveryDate: string;
  region?: string;
  timezone?: string;
  status?: OrderStatus;
  orderValue?: Money;
  lines: OrderLine[];
  shipmentIds: string[];
  /** Newest event applied; an older event arriving late never overwrites it. */
  asOf?: { at: string; eventId: string };
}

const opt = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

export const SHIPPED_STATUSES: readonly OrderStatus[] = [
  'partially_shipped',
  'shipped',
  'delivered',
  'cancelled',
];

/** Applies an order event to the view; a late, older event leaves the view as it is. */
export function evolveOrder(view: OrderView | undefined, event: OrderEvent): OrderView {
  if (view && !isNewer(event, view.asOf)) return view;
  const p = event.payload;
  const next: OrderView = {
    tenantId: event.tenantId,
    lines: view?.lines ?? [],
    shipmentIds: view?.shipmentIds ?? [],
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
    region: opt(p.region),
    timezone: opt(p.timezone),
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
