import {
  array,
  bool,
  date,
  enumOf,
  id,
  instant,
  int,
  money,
  optional,
  record,
  str,
} from '../dsl/index.js';
import { defineEvent } from '../envelope.js';
import { TOPIC } from '../topic-names.js';
import {
  customerTier,
  exceptionReason,
  lineQty,
  scanLocation,
  TRACKING_STATUSES,
  trackingStatus,
} from './shared.js';

// Emitted by the shipment service, keyed by shipmentId.

/** `confirmed`: ship-confirmed by the WMS, no carrier scan yet; the rest is the carrier taxonomy. */
export const shipmentStatus = () => enumOf('ShipmentStatus', ['confirmed', ...TRACKING_STATUSES]);

/** Which shipment, of which order and customer; repeated by every shipment event. */
function shipmentHeader() {
  return {
    shipmentId: id(),
    orderId: id(),
    customerId: optional(id()),
    customerTier: optional(customerTier()),
    carrier: id(),
    trackingNumbers: array(id()),
    international: bool(),
    promisedDeliveryDate: optional(date()),
    timezone: optional(str()),
  };
}

export const shipmentStatusChanged = defineEvent({
  type: 'shipment.status-changed',
  version: 1,
  schemaId: 1101,
  topic: TOPIC.shipments,
  summary: 'The shipment moved to another status; carries a snapshot of the shipment',
  payload: {
    ...shipmentHeader(),
    status: shipmentStatus(),
    previousStatus: optional(shipmentStatus()),
    serviceLevel: str(),
    shippedAt: instant(),
    freightCost: money(),
    lines: array(lineQty()),
    lastScanAt: optional(instant()),
    lastLocation: optional(scanLocation()),
    exceptionReason: optional(exceptionReason()),
    eta: optional(instant()),
  },
});

export const shipmentEtaChanged = defineEvent({
  type: 'shipment.eta-changed',
  version: 1,
  schemaId: 1102,
  topic: TOPIC.shipments,
  summary: 'The carrier ETA of the shipment changed',
  payload: {
    ...shipmentHeader(),
    trackingNumber: id(),
    eta: instant(),
    previousEta: optional(instant()),
    reason: optional(str()),
  },
});

export const shipmentExceptionScanned = defineEvent({
  type: 'shipment.exception-scanned',
  version: 1,
  schemaId: 1103,
  topic: TOPIC.shipments,
  summary: 'The carrier reported an exception or a failed delivery attempt',
  payload: {
    ...shipmentHeader(),
    trackingNumber: id(),
    status: trackingStatus(),
    exceptionReason: optional(exceptionReason()),
    description: optional(str()),
    location: optional(scanLocation()),
    scannedAt: instant(),
  },
});

export const shipmentDelivered = defineEvent({
  type: 'shipment.delivered',
  version: 1,
  schemaId: 1104,
  topic: TOPIC.shipments,
  summary: 'The shipment was delivered; lines compare shipped and delivered quantities',
  payload: {
    ...shipmentHeader(),
    deliveredAt: instant(),
    signedBy: optional(str()),
    freightCost: money(),
    lines: array(
      record('DeliveredLine', {
        lineNo: int({ min: 1 }),
        sku: id(),
        shippedQty: int({ min: 0 }),
        deliveredQty: int({ min: 0 }),
      }),
    ),
  },
});

export const shipmentNoScanYet = defineEvent({
  type: 'shipment.no-scan-yet',
  version: 1,
  schemaId: 1105,
  topic: TOPIC.shipments,
  summary:
    'No carrier scan for thresholdHours since silentSince (never scanned when lastScanAt is null)',
  payload: {
    ...shipmentHeader(),
    status: shipmentStatus(),
    lastScanAt: optional(instant()),
    silentSince: instant(),
    thresholdHours: int({ min: 1 }),
    detectedAt: instant(),
  },
});
