import {
  sampleEtaUpdated,
  sampleProofOfDeliveryRecorded,
  sampleShipmentConfirmed,
  sampleTrackingScanned,
} from '@forewarn/contracts/fixtures';
import type { TrackingStatus } from '../domain/types.js';

/** Source events of one shipment (its own ids), for integration tests and the benchmark. */
export function shipmentStory(n: string, customerId = 'C-ACME') {
  const shipmentId = `SHP-${n}`;
  const tn = `1Z${n}`;
  const orderId = `SO-${n}`;
  const refs = { customerId, orderId, poNumber: `PO-${n}`, shipmentId, trackingNumbers: [tn] };
  return {
    shipmentId,
    tn,
    orderId,
    confirm: (at = '2025-03-05T15:00:00Z', international = false) =>
      sampleShipmentConfirmed({
        occurredAt: at,
        refs,
        payload: {
          shipmentId,
          orderId,
          trackingNumbers: [tn],
          shippedAt: at,
          international,
          cartons: [
            {
              cartonId: `CT-${n}`,
              trackingNumber: tn,
              lines: [{ lineNo: 1, sku: 'SKU-BOLT-M8', qty: 100 }],
            },
          ],
        },
      }),
    scan: (status: TrackingStatus, at: string) =>
      sampleTrackingScanned({
        occurredAt: at,
        refs: { trackingNumbers: [tn] },
        payload: {
          trackingNumber: tn,
          status,
          scannedAt: at,
          ...(status === 'exception' ? { exceptionReason: 'weather' as const } : {}),
        },
      }),
    eta: (newEta: string, at: string) =>
      sampleEtaUpdated({
        occurredAt: at,
        refs: { trackingNumbers: [tn] },
        payload: { trackingNumber: tn, newEta, previousEta: null },
      }),
    pod: (at: string) =>
      sampleProofOfDeliveryRecorded({
        occurredAt: at,
        refs: { trackingNumbers: [tn] },
        payload: { trackingNumber: tn, deliveredAt: at },
      }),
  };
}
