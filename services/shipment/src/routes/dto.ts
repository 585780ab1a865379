import type { z } from 'zod';
import type { TimelineRow } from '../db/read.js';
import type { ShipmentHeader, ShipmentState } from '../domain/types.js';
import type { Shipment, ShipmentSummary, TimelineEntry } from './schemas.js';

type Known = ShipmentState & { header: ShipmentHeader };

export function toSummary(s: Known): z.infer<typeof ShipmentSummary> {
  const h = s.header;
  return {
    shipmentId: s.shipmentId,
    orderId: h.orderId,
    customerId: h.customerId,
    poNumber: h.poNumber,
    carrier: h.carrier,
    serviceLevel: h.serviceLevel,
    trackingNumbers: h.trackingNumbers,
    status: s.status ?? 'confirmed',
    statusAt: s.statusAt,
    exceptionReason: s.exceptionReason,
    international: h.international,
    shippedAt: h.shippedAt,
    lastScanAt: s.lastScanAt,
    eta: s.eta,
    deliveredAt: s.deliveredAt,
  };
}

export function toShipment(s: Known): z.infer<typeof Shipment> {
  const pod = s.pod;
  return {
    ...toSummary(s),
    warehouseId: s.header.warehouseId,
    freightCost: s.header.freightCost,
    cartons: s.header.cartons,
    lines: s.header.lines,
    lastLocation: s.lastLocation,
    parcels: s.parcels,
    etaHistory: s.etaHistory,
    proofOfDelivery: pod && {
      trackingNumber: pod.trackingNumber,
      deliveredAt: pod.deliveredAt,
      signedBy: pod.signedBy,
      location: pod.location,
      lines: pod.lines,
    },
  };
}

const none = {
  trackingNumber: null,
  status: null,
  exceptionReason: null,
  description: null,
  location: null,
  eta: null,
  previousEta: null,
  signedBy: null,
};

export function toTimelineEntry(row: TimelineRow): z.infer<typeof TimelineEntry> {
  const e = row.body;
  const base = {
    ...none,
    eventId: e.eventId,
    occurredAt: e.occurredAt,
    sourceSystem: e.sourceSystem,
  };
  switch (e.type) {
    case 'wms.shipment.confirmed':
      return { ...base, kind: 'ship-confirmed', status: 'confirmed' };
    case 'carrier.tracking.scanned': {
      const p = e.payload;
      return {
        ...base,
        kind: 'scan',
        trackingNumber: p.trackingNumber,
        status: p.status,
        exceptionReason: p.exceptionReason ?? null,
        description: p.description ?? null,
        location: p.location ?? null,
      };
    }
    case 'carrier.eta.updated':
      return {
        ...base,
        kind: 'eta-changed',
        trackingNumber: e.payload.trackingNumber,
        eta: e.payload.newEta,
        previousEta: e.payload.previousEta ?? null,
      };
    case 'carrier.proof-of-delivery.recorded':
      return {
        ...base,
        kind: 'proof-of-delivery',
        trackingNumber: e.payload.trackingNumber,
        status: 'delivered',
        signedBy: e.payload.signedBy ?? null,
        location: e.payload.location ?? null,
      };
  }
}
