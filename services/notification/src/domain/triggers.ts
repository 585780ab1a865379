import type {
  CaseEscalated,
  CaseOpened,
  CaseResolved,
  CaseUpdated,
  DomainEvent,
  OrderLineShort,
  OrderStatusChanged,
  ShipmentDelivered,
  ShipmentEtaChanged,
  ShipmentStatusChanged,
} from '@forewarn/contracts';
import type { CustomerTier, TemplateKey } from './channels.js';

export type TemplateValue = string | number | boolean | null;

/** A domain event that the customer should hear about, with everything the template needs. */
export interface Trigger {
  eventId: string;
  eventType: string;
  occurredAt: string;
  template: TemplateKey;
  customerId: string;
  customerTier: CustomerTier;
  customerName?: string;
  timeZone?: string;
  /** Bypasses quiet hours and digests. */
  critical: boolean;
  caseId?: string;
  orderId?: string;
  poNumber?: string;
  shipmentId?: string;
  /** The carrier tracking number; when there is none yet, notices quote the PO or order. */
  trackingReference?: string;
  data: Record<string, TemplateValue>;
}

type Header = Pick<Trigger, 'eventId' | 'eventType' | 'occurredAt'>;
const header = (e: DomainEvent): Header => ({
  eventId: e.eventId,
  eventType: e.type,
  occurredAt: e.occurredAt,
});

function orderConfirmed(e: OrderStatusChanged): Trigger | null {
  // The first status of an order is the moment it is accepted; later moves are not "confirmed".
  if (e.payload.previousStatus != null || e.payload.status === 'cancelled') return null;
  const p = e.payload;
  return {
    ...header(e),
    template: 'order.confirmed',
    ...orderRefs(p),
    critical: false,
    data: {
      promisedDeliveryDate: p.promisedDeliveryDate,
      lineCount: p.lines.length,
      shipToCity: p.shipTo.city,
    },
  };
}

function orderRefs(p: OrderStatusChanged['payload'] | OrderLineShort['payload']) {
  return {
    customerId: p.customerId,
    customerTier: p.customerTier,
    ...(p.customerName != null ? { customerName: p.customerName } : {}),
    ...(p.timezone != null ? { timeZone: p.timezone } : {}),
    orderId: p.orderId,
    poNumber: p.poNumber,
  };
}

function backorder(e: OrderLineShort): Trigger | null {
  const p = e.payload;
  if (p.shortQty <= 0) return null;
  return {
    ...header(e),
    template: 'order.backorder',
    ...orderRefs(p),
    critical: p.line.critical,
    data: {
      sku: p.line.sku,
      description: p.line.description ?? null,
      orderedQty: p.line.orderedQty,
      shortQty: p.shortQty,
      expectedAvailableDate: p.expectedAvailableDate ?? null,
    },
  };
}

type ShipmentPayload =
  ShipmentStatusChanged['payload'] | ShipmentEtaChanged['payload'] | ShipmentDelivered['payload'];

function shipmentRefs(e: DomainEvent, p: ShipmentPayload, tracking?: string) {
  if (!p.customerId || !p.customerTier) return null;
  return {
    customerId: p.customerId,
    customerTier: p.customerTier,
    ...(p.timezone != null ? { timeZone: p.timezone } : {}),
    orderId: p.orderId,
    ...(e.refs.poNumber != null ? { poNumber: e.refs.poNumber } : {}),
    shipmentId: p.shipmentId,
    ...((tracking ?? p.trackingNumbers[0])
      ? { trackingReference: tracking ?? p.trackingNumbers[0] }
      : {}),
  };
}

function shipped(e: ShipmentStatusChanged): Trigger | null {
  const p = e.payload;
  // Told once, when we first hear of the shipment; later scans are not news.
  if (p.previousStatus != null || p.status === 'delivered') return null;
  const refs = shipmentRefs(e, p);
  if (!refs) return null;
  return {
    ...header(e),
    template: 'shipment.shipped',
    ...refs,
    critical: false,
    data: { carrier: p.carrier, serviceLevel: p.serviceLevel, eta: p.eta ?? null },
  };
}

function delayed(e: ShipmentEtaChanged): Trigger | null {
  const p = e.payload;
  const later =
    (p.previousEta != null && p.eta > p.previousEta) ||
    (p.promisedDeliveryDate != null && p.eta.slice(0, 10) > p.promisedDeliveryDate);
  const refs = later ? shipmentRefs(e, p, p.trackingNumber) : null;
  if (!refs) return null;
  return {
    ...header(e),
    template: 'shipment.delayed',
    ...refs,
    critical: false,
    data: {
      carrier: p.carrier,
      eta: p.eta,
      previousEta: p.previousEta ?? null,
      promisedDeliveryDate: p.promisedDeliveryDate ?? null,
      reason: p.reason ?? null,
    },
  };
}

function delivered(e: ShipmentDelivered): Trigger | null {
  const p = e.payload;
  const refs = shipmentRefs(e, p);
  if (!refs) return null;
  const short = p.lines.some((l) => l.deliveredQty < l.shippedQty);
  return {
    ...header(e),
    template: 'shipment.delivered',
    ...refs,
    critical: false,
    data: { deliveredAt: p.deliveredAt, signedBy: p.signedBy ?? null, short },
  };
}

export { orderConfirmed, backorder, shipped, delayed, delivered };
export type CaseEvent = CaseOpened | CaseUpdated | CaseResolved | CaseEscalated;
