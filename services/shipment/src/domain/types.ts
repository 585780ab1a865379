import type {
  EtaUpdated,
  ProofOfDeliveryRecorded,
  ShipmentConfirmed,
  TrackingScanned,
} from '@forewarn/contracts';

/** The source events this service folds; everything else on its topics is ignored. */
export type ShipmentSourceEvent =
  ShipmentConfirmed | TrackingScanned | EtaUpdated | ProofOfDeliveryRecorded;
export type CarrierEvent = TrackingScanned | EtaUpdated | ProofOfDeliveryRecorded;

export const HANDLED_TYPES: ReadonlySet<string> = new Set<ShipmentSourceEvent['type']>([
  'wms.shipment.confirmed',
  'carrier.tracking.scanned',
  'carrier.eta.updated',
  'carrier.proof-of-delivery.recorded',
]);

export type TrackingStatus = TrackingScanned['payload']['status'];
export type ShipmentStatus = 'confirmed' | TrackingStatus;
export type ExceptionReason = NonNullable<TrackingScanned['payload']['exceptionReason']>;
export type ScanLocation = NonNullable<TrackingScanned['payload']['location']>;
export type Carton = ShipmentConfirmed['payload']['cartons'][number];
export type LineQty = Carton['lines'][number];
export type Money = ShipmentConfirmed['payload']['freightCost'];

export interface ScanRecord {
  eventId: string;
  trackingNumber: string;
  status: TrackingStatus;
  exceptionReason: ExceptionReason | null;
  carrierStatusCode: string | null;
  description: string | null;
  location: ScanLocation | null;
  scannedAt: string;
}

export interface EtaRecord {
  eventId: string;
  trackingNumber: string;
  eta: string;
  previousEta: string | null;
  reason: string | null;
  occurredAt: string;
}

export interface ProofOfDelivery {
  eventId: string;
  trackingNumber: string;
  deliveredAt: string;
  signedBy: string | null;
  location: ScanLocation | null;
  lines: { lineNo: number | null; sku: string | null; deliveredQty: number }[] | null;
}

/** What the ship-confirm tells us; null until it has arrived (carrier events can come first). */
export interface ShipmentHeader {
  orderId: string;
  customerId: string | null;
  poNumber: string | null;
  warehouseId: string;
  carrier: string;
  serviceLevel: string;
  trackingNumbers: string[];
  cartons: Carton[];
  lines: LineQty[];
  freightCost: Money;
  shippedAt: string;
  international: boolean;
  confirmEventId: string;
}

export interface ShipmentState {
  shipmentId: string;
  header: ShipmentHeader | null;
  /** null only while nothing but ETA updates is known. */
  status: ShipmentStatus | null;
  statusAt: string | null;
  exceptionReason: ExceptionReason | null;
  lastScanAt: string | null;
  lastLocation: ScanLocation | null;
  /** Status of each parcel, for shipments of several tracking numbers. */
  parcels: Record<string, TrackingStatus>;
  /** Every scan in (occurredAt, eventId) order, late ones included. */
  scans: ScanRecord[];
  eta: string | null;
  etaHistory: EtaRecord[];
  pod: ProofOfDelivery | null;
  deliveredAt: string | null;
}

/** Instants carry offsets, so they are compared as epoch milliseconds, never as strings. */
export const ms = (instant: string): number => Date.parse(instant);

/** The order events are folded in: event time, then event id to break ties the same way everywhere. */
export function compareEvents(
  a: { occurredAt: string; eventId: string },
  b: { occurredAt: string; eventId: string },
): number {
  return (
    ms(a.occurredAt) - ms(b.occurredAt) ||
    (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}
