import type {
  DomainEvent,
  ShipmentDelivered,
  ShipmentEtaChanged,
  ShipmentExceptionScanned,
  ShipmentNoScanYet,
  ShipmentStatusChanged,
} from '@forewarn/contracts';
import { eventTypeByName } from '@forewarn/contracts';
import { ID_SCHEMES, nameUuid } from '@forewarn/platform';
import type { Intent } from './intents.js';
import { trackingUrl } from './tracking-links.js';
import type { Silence } from './silence.js';
import {
  compareEvents,
  type ShipmentHeader,
  type ShipmentSourceEvent,
  type ShipmentState,
} from './types.js';

export const SOURCE_SYSTEM = 'forewarn:shipment-service';

/** An accepted source event with what it was decided, on arrival, to announce. */
export interface DecidedEvent {
  event: ShipmentSourceEvent;
  intents: Intent[];
}

type Known = ShipmentState & { header: ShipmentHeader };

function envelope<T extends DomainEvent['type']>(
  s: Known,
  type: T,
  eventId: string,
  occurredAt: string,
  causationId: string | null,
) {
  const h = s.header;
  return {
    eventId,
    type,
    // The newest version of the type, so the fields added since travel too.
    schemaVersion: eventTypeByName(type)?.version ?? 1,
    sourceSystem: SOURCE_SYSTEM,
    occurredAt,
    causationId,
    refs: {
      customerId: h.customerId,
      orderId: h.orderId,
      poNumber: h.poNumber,
      shipmentId: s.shipmentId,
      trackingNumbers: h.trackingNumbers,
    },
  };
}

/** The envelope of an announcement of one source event; its id is that event's id plus the kind. */
function causedBy<T extends DomainEvent['type']>(s: Known, e: ShipmentSourceEvent, type: T) {
  const kind = type.replace(/^shipment\./, '');
  return envelope(s, type, nameUuid(ID_SCHEMES.shipment, e.eventId, kind), e.occurredAt, e.eventId);
}

/**
 * The shipment's own facts. Customer name, tier and promise belong to the order service: left
 * null here and filled from its published facts when the event is enqueued (db/emitted.ts).
 */
function header(s: Known) {
  const h = s.header;
  return {
    shipmentId: s.shipmentId,
    orderId: h.orderId,
    customerId: h.customerId,
    customerName: null,
    customerTier: null,
    poNumber: h.poNumber,
    carrier: h.carrier,
    trackingNumbers: h.trackingNumbers,
    trackingUrl: trackingUrl(h.carrier, h.trackingNumbers[0]),
    international: h.international,
    promisedDeliveryDate: null,
    deliverBy: null,
    timezone: null,
  };
}

/** The ETA known at the time of an event (the history is in fold order). */
function etaAt(s: ShipmentState, e: ShipmentSourceEvent): string | null {
  const known = s.etaHistory.filter((r) => compareEvents(r, e) <= 0);
  return known[known.length - 1]?.eta ?? null;
}

function statusChanged(
  s: Known,
  e: ShipmentSourceEvent,
  intent: Extract<Intent, { kind: 'status-changed' }>,
): ShipmentStatusChanged {
  const scan = e.type === 'carrier.tracking.scanned' ? e.payload : null;
  return {
    ...causedBy(s, e, 'shipment.status-changed'),
    payload: {
      ...header(s),
      status: intent.status,
      previousStatus: intent.previousStatus,
      serviceLevel: s.header.serviceLevel,
      shippedAt: s.header.shippedAt,
      freightCost: s.header.freightCost,
      lines: s.header.lines,
      lastScanAt: scan ? scan.scannedAt : null,
      lastLocation: scan?.location ?? null,
      exceptionReason: scan?.exceptionReason ?? null,
      eta: etaAt(s, e),
    },
  };
}

function exceptionScanned(s: Known, e: ShipmentSourceEvent): ShipmentExceptionScanned | null {
  if (e.type !== 'carrier.tracking.scanned') return null;
  const p = e.payload;
  return {
    ...causedBy(s, e, 'shipment.exception-scanned'),
    payload: {
      ...header(s),
      trackingNumber: p.trackingNumber,
      status: p.status,
      exceptionReason: p.exceptionReason ?? null,
      description: p.description ?? null,
      location: p.location ?? null,
      scannedAt: p.scannedAt,
    },
  };
}

function etaChanged(
  s: Known,
  e: ShipmentSourceEvent,
  previousEta: string | null,
): ShipmentEtaChanged | null {
  if (e.type !== 'carrier.eta.updated') return null;
  const p = e.payload;
  return {
    ...causedBy(s, e, 'shipment.eta-changed'),
    payload: {
      ...header(s),
      trackingNumber: p.trackingNumber,
      eta: p.newEta,
      previousEta,
      reason: p.reason ?? null,
    },
  };
}

export function deliveredEvent(s: Known): ShipmentDelivered | null {
  if (s.status !== 'delivered' || s.deliveredAt === null) return null;
  const podLines = s.pod?.lines ?? null;
  const lines = s.header.lines.map((l) => {
    const pod = podLines?.find(
      (p) => p.lineNo === l.lineNo || (p.lineNo === null && p.sku === l.sku),
    );
    return {
      lineNo: l.lineNo,
      sku: l.sku,
      shippedQty: l.qty,
      deliveredQty: podLines ? (pod?.deliveredQty ?? 0) : l.qty,
    };
  });
  return {
    ...envelope(
      s,
      'shipment.delivered',
      nameUuid(ID_SCHEMES.shipment, s.shipmentId, 'delivered'),
      s.deliveredAt,
      s.pod?.eventId ?? null,
    ),
    payload: {
      ...header(s),
      deliveredAt: s.deliveredAt,
      signedBy: s.pod?.signedBy ?? null,
      freightCost: s.header.freightCost,
      lines,
    },
  };
}

/**
 * A proof of delivery that counts fewer units than its parcel carried, announced on its own
 * (id: the shipment, `delivered` and the POD's event id). The shipment.delivered above is built
 * from whatever the batch that completed the delivery had folded, so the POD may or may not be
 * in it; this one depends only on the POD and the ship-confirm, so the short delivery reaches
 * the detector and the order service whatever the batch boundaries were.
 */
export function shortPodEvent(s: Known, e: ShipmentSourceEvent): ShipmentDelivered | null {
  if (e.type !== 'carrier.proof-of-delivery.recorded' || !e.payload.lines) return null;
  const podLines = e.payload.lines;
  const carton = s.header.cartons.find((c) => c.trackingNumber === e.payload.trackingNumber);
  if (!carton) return null;
  const missing = new Map<number, number>();
  for (const l of carton.lines) {
    const pod = podLines.find(
      (p) => p.lineNo === l.lineNo || (p.lineNo == null && p.sku === l.sku),
    );
    const short = l.qty - (pod?.deliveredQty ?? 0);
    if (short > 0) missing.set(l.lineNo, (missing.get(l.lineNo) ?? 0) + short);
  }
  if (missing.size === 0) return null;
  return {
    ...envelope(
      s,
      'shipment.delivered',
      nameUuid(ID_SCHEMES.shipment, s.shipmentId, 'delivered', e.eventId),
      e.occurredAt,
      e.eventId,
    ),
    payload: {
      ...header(s),
      deliveredAt: e.payload.deliveredAt,
      signedBy: e.payload.signedBy ?? null,
      freightCost: s.header.freightCost,
      lines: s.header.lines.map((l) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        shippedQty: l.qty,
        deliveredQty: Math.max(0, l.qty - (missing.get(l.lineNo) ?? 0)),
      })),
    },
  };
}

/** The id is the shipment and the start of the silence: each silence is announced once. */
export function noScanYetEvent(s: Known, silence: Silence): ShipmentNoScanYet {
  return {
    ...envelope(
      s,
      'shipment.no-scan-yet',
      nameUuid(ID_SCHEMES.shipment, s.shipmentId, 'no-scan-yet', silence.silentSince),
      silence.dueAt,
      null,
    ),
    payload: {
      ...header(s),
      status: silence.status,
      lastScanAt: silence.lastScanAt,
      silentSince: silence.silentSince,
      thresholdHours: silence.thresholdHours,
      detectedAt: silence.dueAt,
    },
  };
}

export function isKnown(s: ShipmentState): s is Known {
  return s.header !== null;
}

/**
 * Every domain event the shipment's history calls for, in event-time order. The caller emits
 * the ones whose id it has not emitted yet; ids depend only on what caused them.
 */
export function plannedEvents(
  s: ShipmentState,
  decided: readonly DecidedEvent[],
  silences: readonly Silence[],
): DomainEvent[] {
  if (!isKnown(s)) return [];
  const out: { at: { occurredAt: string; eventId: string }; event: DomainEvent }[] = [];
  for (const { event: e, intents } of decided) {
    const shortPod = shortPodEvent(s, e);
    if (shortPod) out.push({ at: shortPod, event: shortPod });
    for (const intent of intents) {
      const built =
        intent.kind === 'status-changed'
          ? statusChanged(s, e, intent)
          : intent.kind === 'exception-scanned'
            ? exceptionScanned(s, e)
            : etaChanged(s, e, intent.previousEta);
      if (built) out.push({ at: e, event: built });
    }
  }
  for (const silence of silences) {
    const event = noScanYetEvent(s, silence);
    out.push({ at: event, event });
  }
  const done = deliveredEvent(s);
  if (done) out.push({ at: done, event: done });
  // Stable sort: a source event's own announcements keep their intent order.
  return out.sort((a, b) => compareEvents(a.at, b.at)).map((o) => o.event);
}
