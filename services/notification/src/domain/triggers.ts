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
import { isLateDelivery, minutesLate, shortLines } from '@forewarn/domain';
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
  /**
   * Sent once per this key rather than once per event: a customer request is answered once,
   * whichever event (its own case opening, or joining an open case) carries it.
   */
  onceFor?: string;
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

/**
 * Who and what a shipment notice is about. Customer, tier and promise come in the event from
 * their owner (the order service, through the shipment service); without a tier there is no
 * preference to apply yet, so nothing is sent rather than guessed.
 */
function shipmentRefs(e: DomainEvent, p: ShipmentPayload, tracking?: string) {
  if (!p.customerId || !p.customerTier) return null;
  const trackingReference = tracking ?? p.trackingNumbers[0];
  return {
    customerId: p.customerId,
    customerTier: p.customerTier,
    ...(p.customerName != null ? { customerName: p.customerName } : {}),
    ...(p.timezone != null ? { timeZone: p.timezone } : {}),
    orderId: p.orderId,
    ...((p.poNumber ?? e.refs.poNumber) != null
      ? { poNumber: (p.poNumber ?? e.refs.poNumber)! }
      : {}),
    shipmentId: p.shipmentId,
    ...(trackingReference ? { trackingReference } : {}),
  };
}

/** What every shipment notice can show: the carrier, its tracking page and the promise. */
const shipmentData = (p: ShipmentPayload) => ({
  carrier: p.carrier,
  trackingUrl: p.trackingUrl ?? null,
  promisedDeliveryDate: p.promisedDeliveryDate ?? null,
  deliverBy: p.deliverBy ?? null,
});

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
    data: { ...shipmentData(p), serviceLevel: p.serviceLevel, eta: p.eta ?? null },
  };
}

function outForDelivery(e: ShipmentStatusChanged): Trigger | null {
  const p = e.payload;
  if (p.status !== 'out_for_delivery' || p.previousStatus === 'out_for_delivery') return null;
  const refs = shipmentRefs(e, p);
  if (!refs) return null;
  return {
    ...header(e),
    template: 'shipment.out_for_delivery',
    ...refs,
    critical: false,
    data: { ...shipmentData(p), eta: p.eta ?? null },
  };
}

/** A shipment status change: the first one says it shipped, a new out-for-delivery says so. */
function statusNotice(e: ShipmentStatusChanged): Trigger | null {
  return shipped(e) ?? outForDelivery(e);
}

/**
 * An ETA change measured against the order's deliver-by instant (one definition of late, from
 * @forewarn/domain): newly late or later still is a delay; late before and within the promise
 * now is back on track. Without a promise, only a later ETA than the last is news.
 */
function etaNotice(e: ShipmentEtaChanged): Trigger | null {
  const p = e.payload;
  const by = p.deliverBy;
  const wasLate = by != null && p.previousEta != null && isLateDelivery(p.previousEta, by);
  const isLate = by != null && isLateDelivery(p.eta, by);
  const later = p.previousEta != null && p.eta > p.previousEta;
  const template =
    by == null
      ? later
        ? 'shipment.delayed'
        : null
      : isLate && (!wasLate || later)
        ? 'shipment.delayed'
        : wasLate && !isLate
          ? 'shipment.back_on_track'
          : null;
  const refs = template ? shipmentRefs(e, p, p.trackingNumber) : null;
  if (!template || !refs) return null;
  return {
    ...header(e),
    template,
    ...refs,
    critical: false,
    data: {
      ...shipmentData(p),
      eta: p.eta,
      previousEta: p.previousEta ?? null,
      minutesLate: by != null ? minutesLate(p.eta, by) : null,
      reason: p.reason ?? null,
    },
  };
}

function delivered(e: ShipmentDelivered): Trigger | null {
  const p = e.payload;
  const refs = shipmentRefs(e, p);
  if (!refs) return null;
  const short = shortLines(p.lines).length > 0;
  return {
    ...header(e),
    template: 'shipment.delivered',
    ...refs,
    critical: false,
    data: {
      ...shipmentData(p),
      deliveredAt: p.deliveredAt,
      signedBy: p.signedBy ?? null,
      short,
      late: p.deliverBy != null && isLateDelivery(p.deliveredAt, p.deliverBy),
    },
  };
}

export { orderConfirmed, backorder, statusNotice, etaNotice, delivered };
export type CaseEvent = CaseOpened | CaseUpdated | CaseResolved | CaseEscalated;
