import type { ShipmentStatusChanged } from '@forewarn/contracts';
import type { Money, Tier } from '../types.js';
import { isNewer, type ShipmentEvent } from './events.js';

export type ShipmentStatus = ShipmentStatusChanged['payload']['status'];

/** The detector's view of a shipment, built from domain.shipments. */
export interface ShipmentView {
  shipmentId: string;
  orderId: string;
  customerId?: string;
  tier?: Tier;
  carrier: string;
  trackingNumbers: string[];
  international: boolean;
  promisedDeliveryDate?: string;
  /** The order's deliver-by instant as the shipment service copied it from the order service. */
  deliverBy?: string;
  timezone?: string;
  status?: ShipmentStatus;
  shippedAt?: string;
  freightCost?: Money;
  /** Latest carrier scan, whatever order the events arrived in. */
  lastScanAt?: string;
  eta?: string;
  deliveredAt?: string;
  /** Sticky: goods reported damaged are not made whole by a later scan. */
  damagedReported?: boolean;
  /** Every ETA the carrier gave, oldest first, whatever order the events arrived in. */
  etas?: EtaSeen[];
  /**
   * Every delivery report (the delivered announcement, then any short proof of delivery),
   * kept so rules that also need the order can judge them later.
   */
  deliveries?: DeliverySeen[];
  asOf?: { at: string; eventId: string };
}

export interface EtaSeen {
  eta: string;
  eventId: string;
  type: string;
  occurredAt: string;
  /** The parcel the ETA is for (shipment.eta-changed); a status snapshot names none. */
  trackingNumber?: string;
}

export interface DeliverySeen {
  eventId: string;
  occurredAt: string;
  deliveredAt: string;
  freightCost: Money;
  lines: { lineNo: number; sku: string; shippedQty: number; deliveredQty: number }[];
}

const MAX_ETAS = 20;

function etaOf(event: ShipmentEvent): string | undefined {
  if (event.type === 'shipment.eta-changed') return event.payload.eta;
  if (event.type === 'shipment.status-changed') return opt(event.payload.eta);
  return undefined;
}

/** Facts that accumulate whatever order their events arrive in: ETAs and the delivery. */
function accumulate(view: ShipmentView, event: ShipmentEvent): ShipmentView {
  const eta = etaOf(event);
  let next = view;
  if (eta && !view.etas?.some((e) => e.eventId === event.eventId)) {
    const seen: EtaSeen = {
      eta,
      eventId: event.eventId,
      type: event.type,
      occurredAt: event.occurredAt,
      ...(event.type === 'shipment.eta-changed'
        ? { trackingNumber: event.payload.trackingNumber }
        : {}),
    };
    const etas = [...(view.etas ?? []), seen]
      .sort(
        (a, b) =>
          Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.eventId.localeCompare(b.eventId),
      )
      .slice(-MAX_ETAS);
    next = { ...next, etas };
  }
  if (
    event.type === 'shipment.delivered' &&
    !view.deliveries?.some((d) => d.eventId === event.eventId)
  ) {
    const p = event.payload;
    const seen: DeliverySeen = {
      eventId: event.eventId,
      occurredAt: event.occurredAt,
      deliveredAt: p.deliveredAt,
      freightCost: p.freightCost,
      lines: p.lines.map((l) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        shippedQty: l.shippedQty,
        deliveredQty: l.deliveredQty,
      })),
    };
    const deliveries = [...(view.deliveries ?? []), seen].sort(
      (a, b) =>
        Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.eventId.localeCompare(b.eventId),
    );
    next = { ...next, deliveries };
  }
  return next;
}

const opt = <T>(v: T | null | undefined): T | undefined => v ?? undefined;
const later = (a?: string, b?: string): string | undefined =>
  !a ? b : !b ? a : Date.parse(a) >= Date.parse(b) ? a : b;

/** Statuses in which the carrier still owes us scans. */
export const MOVING: readonly ShipmentStatus[] = [
  'confirmed',
  'info_received',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'exception',
  'delivery_attempt_failed',
];

function scanTimeOf(event: ShipmentEvent): string | undefined {
  switch (event.type) {
    case 'shipment.status-changed':
      return opt(event.payload.lastScanAt);
    case 'shipment.exception-scanned':
      return event.payload.scannedAt;
    case 'shipment.delivered':
      return event.payload.deliveredAt;
    default:
      return undefined;
  }
}

/** Applies a shipment event; scan times only move forward, status only from newer events. */
export function evolveShipment(view: ShipmentView | undefined, event: ShipmentEvent): ShipmentView {
  return accumulate(current(view, event), event);
}

function current(view: ShipmentView | undefined, event: ShipmentEvent): ShipmentView {
  const p = event.payload;
  const lastScanAt = later(view?.lastScanAt, scanTimeOf(event));
  const damaged =
    view?.damagedReported === true ||
    (event.type === 'shipment.exception-scanned' && event.payload.exceptionReason === 'damaged');
  if (view && !isNewer(event, view.asOf)) {
    return { ...view, ...(lastScanAt ? { lastScanAt } : {}), damagedReported: damaged };
  }
  const next: ShipmentView = {
    ...view,
    shipmentId: p.shipmentId,
    orderId: p.orderId,
    customerId: opt(p.customerId) ?? view?.customerId,
    tier: opt(p.customerTier) ?? view?.tier,
    carrier: p.carrier,
    trackingNumbers: p.trackingNumbers,
    international: p.international,
    promisedDeliveryDate: opt(p.promisedDeliveryDate) ?? view?.promisedDeliveryDate,
    deliverBy: opt(p.deliverBy) ?? view?.deliverBy,
    timezone: opt(p.timezone) ?? view?.timezone,
    lastScanAt,
    damagedReported: damaged,
    asOf: { at: event.occurredAt, eventId: event.eventId },
  };
  switch (event.type) {
    case 'shipment.status-changed':
      return {
        ...next,
        status: event.payload.status,
        shippedAt: event.payload.shippedAt,
        freightCost: event.payload.freightCost,
        eta: opt(event.payload.eta) ?? next.eta,
      };
    case 'shipment.eta-changed':
      return { ...next, eta: event.payload.eta };
    case 'shipment.exception-scanned':
      return { ...next, status: event.payload.status };
    case 'shipment.delivered':
      return {
        ...next,
        status: 'delivered',
        deliveredAt: event.payload.deliveredAt,
        freightCost: event.payload.freightCost,
      };
    case 'shipment.no-scan-yet':
      return { ...next, status: event.payload.status };
  }
}
