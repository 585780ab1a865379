import {
  array,
  bool,
  date,
  doc,
  enumOf,
  id,
  instant,
  int,
  money,
  optional,
  record,
  str,
} from '../dsl/index.js';
import { defineEvent, type VersionSpec } from '../envelope.js';
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

/** Which shipment, of which order and customer, as version 1 carried it. */
function shipmentHeaderV1() {
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

/**
 * Which shipment, of which order and customer, repeated by every shipment event. The customer,
 * tier and promise are the order service's facts, copied from its domain.orders events so that
 * no consumer has to guess them; null only while the order service has not spoken yet.
 */
function shipmentHeader() {
  return {
    ...shipmentHeaderV1(),
    customerName: optional(str()),
    poNumber: optional(id()),
    deliverBy: doc(
      optional(instant()),
      "The order's deliver-by instant as the order service resolved it; later than this is late",
    ),
    trackingUrl: doc(optional(str()), "The carrier's public tracking page for the first parcel"),
  };
}

type Header = ReturnType<typeof shipmentHeaderV1>;

function shipmentStatusChangedOf<H extends Header>(header: () => H, v: VersionSpec) {
  return defineEvent({
    type: 'shipment.status-changed',
    ...v,
    topic: TOPIC.shipments,
    summary: 'The shipment moved to another status; carries a snapshot of the shipment',
    payload: () => ({
      ...header(),
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
    }),
  });
}

export const shipmentStatusChanged = shipmentStatusChangedOf(shipmentHeader, {
  version: 3,
  schemaId: 1151,
  earlier: [{ version: 2, schemaId: 1111, envelope: 1 }],
});

function shipmentEtaChangedOf<H extends Header>(header: () => H, v: VersionSpec) {
  return defineEvent({
    type: 'shipment.eta-changed',
    ...v,
    topic: TOPIC.shipments,
    summary: 'The carrier ETA of the shipment changed',
    payload: () => ({
      ...header(),
      trackingNumber: id(),
      eta: instant(),
      previousEta: optional(instant()),
      reason: optional(str()),
    }),
  });
}

export const shipmentEtaChanged = shipmentEtaChangedOf(shipmentHeader, {
  version: 3,
  schemaId: 1152,
  earlier: [{ version: 2, schemaId: 1112, envelope: 1 }],
});

function shipmentExceptionScannedOf<H extends Header>(header: () => H, v: VersionSpec) {
  return defineEvent({
    type: 'shipment.exception-scanned',
    ...v,
    topic: TOPIC.shipments,
    summary: 'The carrier reported an exception or a failed delivery attempt',
    payload: () => ({
      ...header(),
      trackingNumber: id(),
      status: trackingStatus(),
      exceptionReason: optional(exceptionReason()),
      description: optional(str()),
      location: optional(scanLocation()),
      scannedAt: instant(),
    }),
  });
}

export const shipmentExceptionScanned = shipmentExceptionScannedOf(shipmentHeader, {
  version: 3,
  schemaId: 1153,
  earlier: [{ version: 2, schemaId: 1113, envelope: 1 }],
});

function shipmentDeliveredOf<H extends Header>(header: () => H, v: VersionSpec) {
  return defineEvent({
    type: 'shipment.delivered',
    ...v,
    topic: TOPIC.shipments,
    summary: 'The shipment was delivered; lines compare shipped and delivered quantities',
    payload: () => ({
      ...header(),
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
    }),
  });
}

export const shipmentDelivered = shipmentDeliveredOf(shipmentHeader, {
  version: 3,
  schemaId: 1154,
  earlier: [{ version: 2, schemaId: 1114, envelope: 1 }],
});

function shipmentNoScanYetOf<H extends Header>(header: () => H, v: VersionSpec) {
  return defineEvent({
    type: 'shipment.no-scan-yet',
    ...v,
    topic: TOPIC.shipments,
    summary:
      'No carrier scan for thresholdHours since silentSince (never scanned when lastScanAt is null)',
    payload: () => ({
      ...header(),
      status: shipmentStatus(),
      lastScanAt: optional(instant()),
      silentSince: instant(),
      thresholdHours: int({ min: 1 }),
      detectedAt: instant(),
    }),
  });
}

export const shipmentNoScanYet = shipmentNoScanYetOf(shipmentHeader, {
  version: 3,
  schemaId: 1155,
  earlier: [{ version: 2, schemaId: 1115, envelope: 1 }],
});

/** Version 1 of every shipment event: readable while v1 messages may remain on the topic. */
export const shipmentEventsV1 = [
  shipmentStatusChangedOf(shipmentHeaderV1, { version: 1, schemaId: 1101, envelope: 1 }),
  shipmentEtaChangedOf(shipmentHeaderV1, { version: 1, schemaId: 1102, envelope: 1 }),
  shipmentExceptionScannedOf(shipmentHeaderV1, { version: 1, schemaId: 1103, envelope: 1 }),
  shipmentDeliveredOf(shipmentHeaderV1, { version: 1, schemaId: 1104, envelope: 1 }),
  shipmentNoScanYetOf(shipmentHeaderV1, { version: 1, schemaId: 1105, envelope: 1 }),
];
