import { array, doc, id, instant, int, optional, record, str } from '../dsl/index.js';
import { defineEvent } from '../envelope.js';
import { TOPIC } from '../topic-names.js';
import { exceptionReason, scanLocation, trackingStatus } from './shared.js';

const carrier = () => doc(id(), 'Carrier code, e.g. ups, fedex, dhl');

export const trackingScanned = defineEvent({
  type: 'carrier.tracking.scanned',
  version: 2,
  schemaId: 351,
  earlier: [{ version: 1, schemaId: 301, envelope: 1 }],
  topic: TOPIC.carrierTracking,
  summary: 'A carrier scan, normalised to the Forewarn status taxonomy',
  payload: () => ({
    trackingNumber: id(),
    carrier: carrier(),
    status: trackingStatus(),
    exceptionReason: doc(optional(exceptionReason()), 'Set when status is exception'),
    carrierStatusCode: doc(optional(str()), "The carrier's own code, kept for support"),
    description: optional(str()),
    location: optional(scanLocation()),
    scannedAt: instant(),
  }),
});

export const etaUpdated = defineEvent({
  type: 'carrier.eta.updated',
  version: 2,
  schemaId: 352,
  earlier: [{ version: 1, schemaId: 302, envelope: 1 }],
  topic: TOPIC.carrierTracking,
  summary: 'The carrier changed its estimated delivery time',
  payload: () => ({
    trackingNumber: id(),
    carrier: carrier(),
    newEta: instant(),
    previousEta: optional(instant()),
    reason: optional(str()),
  }),
});

export const proofOfDeliveryRecorded = defineEvent({
  type: 'carrier.proof-of-delivery.recorded',
  version: 2,
  schemaId: 353,
  earlier: [{ version: 1, schemaId: 303, envelope: 1 }],
  topic: TOPIC.carrierTracking,
  summary:
    'Proof of delivery; deliveredQty per line when the consignee signed for less than shipped',
  payload: () => ({
    trackingNumber: id(),
    carrier: carrier(),
    deliveredAt: instant(),
    signedBy: optional(str()),
    location: optional(scanLocation()),
    lines: optional(
      array(
        record('DeliveredQty', {
          lineNo: optional(int({ min: 1 })),
          sku: optional(id()),
          deliveredQty: int({ min: 0 }),
        }),
      ),
    ),
  }),
});
