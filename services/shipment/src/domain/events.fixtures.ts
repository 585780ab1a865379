import {
  sampleEtaUpdated,
  sampleProofOfDeliveryRecorded,
  sampleShipmentConfirmed,
  sampleTrackingScanned,
} from '@forewarn/contracts/fixtures';
import type { TrackingStatus } from './types.js';

/** Compact builders over the contract fixtures for given/when/then tests. */
export const confirm = (at = '2025-03-05T15:00:00Z', international = false) =>
  sampleShipmentConfirmed({
    eventId: `confirm@${at}`,
    occurredAt: at,
    payload: { shippedAt: at, international },
  });

export const scan = (
  status: TrackingStatus,
  at: string,
  extra: { eventId?: string; trackingNumber?: string } = {},
) =>
  sampleTrackingScanned({
    eventId: extra.eventId ?? `scan-${status}@${at}`,
    occurredAt: at,
    payload: {
      status,
      scannedAt: at,
      ...(extra.trackingNumber ? { trackingNumber: extra.trackingNumber } : {}),
      ...(status === 'exception' ? { exceptionReason: 'damaged' as const } : {}),
    },
  });

export const eta = (newEta: string, at: string) =>
  sampleEtaUpdated({
    eventId: `eta@${at}`,
    occurredAt: at,
    payload: { newEta, previousEta: null },
  });

export const pod = (at: string) =>
  sampleProofOfDeliveryRecorded({
    eventId: `pod@${at}`,
    occurredAt: at,
    payload: { deliveredAt: at },
  });
