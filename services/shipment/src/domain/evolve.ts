import type { ShipmentConfirmed } from '@forewarn/contracts';
import {
  compareEvents,
  type LineQty,
  type ShipmentHeader,
  type ShipmentSourceEvent,
  type ShipmentState,
} from './types.js';

export function initialState(shipmentId: string): ShipmentState {
  return {
    shipmentId,
    header: null,
    status: null,
    statusAt: null,
    exceptionReason: null,
    lastScanAt: null,
    lastLocation: null,
    parcels: {},
    scans: [],
    eta: null,
    etaHistory: [],
    pod: null,
    deliveredAt: null,
  };
}

/** Carton lines summed per order line: what the shipment carries of the order. */
function shippedLines(cartons: ShipmentConfirmed['payload']['cartons']): LineQty[] {
  const byLine = new Map<string, LineQty>();
  for (const line of cartons.flatMap((c) => c.lines)) {
    const key = `${line.lineNo}|${line.sku}`;
    const seen = byLine.get(key);
    byLine.set(key, { ...line, qty: (seen?.qty ?? 0) + line.qty });
  }
  return [...byLine.values()].sort((a, b) => a.lineNo - b.lineNo || a.sku.localeCompare(b.sku));
}

function headerOf(e: ShipmentConfirmed): ShipmentHeader {
  const p = e.payload;
  return {
    orderId: p.orderId,
    customerId: e.refs.customerId ?? null,
    poNumber: e.refs.poNumber ?? null,
    warehouseId: p.warehouseId,
    carrier: p.carrier,
    serviceLevel: p.serviceLevel,
    trackingNumbers: [...p.trackingNumbers],
    cartons: p.cartons,
    lines: shippedLines(p.cartons),
    freightCost: p.freightCost,
    shippedAt: p.shippedAt,
    international: p.international,
    confirmEventId: e.eventId,
  };
}

/** A shipment of several parcels is delivered when every parcel is. */
function allDelivered(s: ShipmentState): boolean {
  const parcels = s.header?.trackingNumbers.length
    ? s.header.trackingNumbers
    : Object.keys(s.parcels);
  return parcels.length > 0 && parcels.every((tn) => s.parcels[tn] === 'delivered');
}

function delivered(s: ShipmentState, at: string): ShipmentState {
  if (s.status === 'delivered') return s;
  return { ...s, status: 'delivered', statusAt: at, exceptionReason: null, deliveredAt: at };
}

/**
 * Applies one event to a shipment. Pure. Meant to be run over events in compareEvents order, so
 * the newest scan sets the status and a late older one only joins the history. `delivered` is
 * final: a later stray scan is kept but does not reopen the shipment.
 */
export function evolve(s: ShipmentState, e: ShipmentSourceEvent): ShipmentState {
  switch (e.type) {
    case 'wms.shipment.confirmed': {
      const next = { ...s, header: headerOf(e) };
      if (next.status === null) return { ...next, status: 'confirmed', statusAt: e.occurredAt };
      return allDelivered(next) ? delivered(next, next.lastScanAt ?? e.occurredAt) : next;
    }
    case 'carrier.tracking.scanned': {
      const p = e.payload;
      const scans = [
        ...s.scans,
        {
          eventId: e.eventId,
          trackingNumber: p.trackingNumber,
          status: p.status,
          exceptionReason: p.exceptionReason ?? null,
          carrierStatusCode: p.carrierStatusCode ?? null,
          description: p.description ?? null,
          location: p.location ?? null,
          scannedAt: p.scannedAt,
        },
      ];
      const parcels = { ...s.parcels, [p.trackingNumber]: p.status };
      const next = {
        ...s,
        scans,
        parcels,
        lastScanAt: p.scannedAt,
        lastLocation: p.location ?? s.lastLocation,
      };
      if (s.status === 'delivered') return next;
      if (p.status === 'delivered') return allDelivered(next) ? delivered(next, p.scannedAt) : next;
      return {
        ...next,
        status: p.status,
        statusAt: p.scannedAt,
        exceptionReason: p.status === 'exception' ? (p.exceptionReason ?? null) : null,
      };
    }
    case 'carrier.eta.updated': {
      const p = e.payload;
      const record = {
        eventId: e.eventId,
        trackingNumber: p.trackingNumber,
        eta: p.newEta,
        previousEta: p.previousEta ?? s.eta,
        reason: p.reason ?? null,
        occurredAt: e.occurredAt,
      };
      return { ...s, eta: p.newEta, etaHistory: [...s.etaHistory, record] };
    }
    case 'carrier.proof-of-delivery.recorded': {
      const p = e.payload;
      const pod = {
        eventId: e.eventId,
        trackingNumber: p.trackingNumber,
        deliveredAt: p.deliveredAt,
        signedBy: p.signedBy ?? null,
        location: p.location ?? null,
        lines:
          p.lines?.map((l) => ({
            lineNo: l.lineNo ?? null,
            sku: l.sku ?? null,
            deliveredQty: l.deliveredQty,
          })) ?? null,
      };
      const next = {
        ...s,
        pod,
        parcels: { ...s.parcels, [p.trackingNumber]: 'delivered' as const },
      };
      return allDelivered(next) ? delivered(next, p.deliveredAt) : next;
    }
  }
}

/** The state of a shipment from its events, whatever order they arrived in. */
export function fold(shipmentId: string, events: readonly ShipmentSourceEvent[]): ShipmentState {
  return [...events].sort(compareEvents).reduce(evolve, initialState(shipmentId));
}
