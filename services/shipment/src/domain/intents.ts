import {
  compareEvents,
  type CarrierEvent,
  type ShipmentStatus,
  type TrackingStatus,
} from './types.js';

/**
 * What an accepted event will announce once its shipment is known. Decided when the event
 * arrives, from the events of the same key that arrived before it: Kafka keeps those in the same
 * partition in the same order on every replay, so the decision (and the emitted id) is the
 * same whatever the interleaving with other topics or the batch boundaries.
 */
export type Intent =
  | { kind: 'status-changed'; status: ShipmentStatus; previousStatus: ShipmentStatus | null }
  | { kind: 'exception-scanned' }
  | { kind: 'eta-changed'; previousEta: string | null };

/** The newest scan and ETA seen for one tracking number, in arrival order. */
export interface ParcelCursor {
  trackingNumber: string;
  scanAt: string | null;
  scanEventId: string | null;
  status: TrackingStatus | null;
  etaAt: string | null;
  etaEventId: string | null;
  eta: string | null;
}

export function emptyCursor(trackingNumber: string): ParcelCursor {
  return {
    trackingNumber,
    scanAt: null,
    scanEventId: null,
    status: null,
    etaAt: null,
    etaEventId: null,
    eta: null,
  };
}

const EXCEPTION_LIKE: ReadonlySet<TrackingStatus> = new Set([
  'exception',
  'delivery_attempt_failed',
]);

function isNewer(at: string | null, id: string | null, e: CarrierEvent): boolean {
  return at === null || id === null || compareEvents(e, { occurredAt: at, eventId: id }) > 0;
}

/**
 * Decides a carrier event against its parcel's cursor. A late older scan or ETA announces
 * nothing (it only joins the history); after delivery only the delivery itself is news.
 */
export function decideCarrierEvent(
  c: ParcelCursor,
  e: CarrierEvent,
): { cursor: ParcelCursor; intents: Intent[] } {
  const previous = c.status ?? 'confirmed';
  switch (e.type) {
    case 'carrier.tracking.scanned': {
      if (!isNewer(c.scanAt, c.scanEventId, e)) return { cursor: c, intents: [] };
      const moved = { ...c, scanAt: e.occurredAt, scanEventId: e.eventId };
      if (c.status === 'delivered') return { cursor: moved, intents: [] };
      const status = e.payload.status;
      const intents: Intent[] = [];
      if (status !== c.status)
        intents.push({ kind: 'status-changed', status, previousStatus: previous });
      if (EXCEPTION_LIKE.has(status)) intents.push({ kind: 'exception-scanned' });
      return { cursor: { ...moved, status }, intents };
    }
    case 'carrier.proof-of-delivery.recorded': {
      // Proof of delivery settles the parcel whenever it was recorded.
      if (c.status === 'delivered') return { cursor: c, intents: [] };
      return {
        cursor: { ...c, status: 'delivered' },
        intents: [{ kind: 'status-changed', status: 'delivered', previousStatus: previous }],
      };
    }
    case 'carrier.eta.updated': {
      if (!isNewer(c.etaAt, c.etaEventId, e)) return { cursor: c, intents: [] };
      const moved = { ...c, etaAt: e.occurredAt, etaEventId: e.eventId, eta: e.payload.newEta };
      const unchanged = c.eta !== null && Date.parse(c.eta) === Date.parse(e.payload.newEta);
      if (unchanged || c.status === 'delivered') return { cursor: moved, intents: [] };
      return {
        cursor: moved,
        intents: [{ kind: 'eta-changed', previousEta: c.eta ?? e.payload.previousEta ?? null }],
      };
    }
  }
}

/** The intent of a ship-confirm: only the first confirm of a shipment announces it. */
export function decideConfirm(shipmentAlreadyConfirmed: boolean): Intent[] {
  return shipmentAlreadyConfirmed
    ? []
    : [{ kind: 'status-changed', status: 'confirmed', previousStatus: null }];
}
