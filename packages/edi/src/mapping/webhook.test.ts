import { describe, expect, it } from 'vitest';
import { loadMappingTables } from './tables.js';
import { mapCarrierWebhook } from './webhook.js';

const tables = loadMappingTables();

describe('carrier webhooks mapped through carrier-webhooks.json', () => {
  it('maps a UPS-shaped batch: exception with reason, delivery with signer, ETA', () => {
    const result = mapCarrierWebhook(tables, 'ups', {
      events: [
        {
          id: 'ups-1',
          trackingNumber: '1Z1',
          occurredAt: '2025-03-06T07:15:00-06:00',
          status: { code: 'X', reasonCode: 'WX', description: 'Weather delay' },
          location: { city: 'Memphis', state: 'TN', country: 'US' },
          references: { po: 'PO-1' },
        },
        {
          id: 'ups-2',
          trackingNumber: '1Z1',
          occurredAt: '2025-03-07T11:20:00Z',
          status: { code: 'D' },
          signedBy: 'J. DOE',
        },
        {
          id: 'ups-3',
          trackingNumber: '1Z1',
          occurredAt: '2025-03-06T08:00:00Z',
          status: { code: 'ETA' },
          estimatedDelivery: '2025-03-10T17:00:00Z',
        },
      ],
    });
    expect(result?.ok).toBe(true);
    if (!result?.ok) return;
    expect(result.drafts.map((d) => [d.index, d.draft.eventId, d.draft.type])).toEqual([
      [0, 'ups-1', 'carrier.tracking.scanned'],
      [1, 'ups-2', 'carrier.tracking.scanned'],
      [1, 'ups-2-pod', 'carrier.proof-of-delivery.recorded'],
      [2, 'ups-3', 'carrier.eta.updated'],
    ]);
    expect(result.drafts[0]?.draft).toEqual({
      eventId: 'ups-1',
      type: 'carrier.tracking.scanned',
      schemaVersion: 1,
      sourceSystem: 'carrier:ups',
      occurredAt: '2025-03-06T07:15:00-06:00',
      tenantId: 'default',
      refs: { poNumber: 'PO-1', trackingNumbers: ['1Z1'] },
      payload: {
        trackingNumber: '1Z1',
        carrier: 'ups',
        status: 'exception',
        exceptionReason: 'weather',
        carrierStatusCode: 'X/WX',
        description: 'Weather delay',
        location: { city: 'Memphis', region: 'TN', country: 'US' },
        scannedAt: '2025-03-06T07:15:00-06:00',
      },
    });
    expect(result.drafts[2]?.draft.payload).toMatchObject({
      signedBy: 'J. DOE',
      deliveredAt: '2025-03-07T11:20:00Z',
    });
    expect(result.drafts[3]?.draft.payload).toEqual({
      trackingNumber: '1Z1',
      carrier: 'ups',
      newEta: '2025-03-10T17:00:00Z',
    });
  });

  it('maps a flat single-event carrier with other field names', () => {
    const result = mapCarrierWebhook(tables, 'acmefreight', {
      event_uuid: 'af-9',
      awb: 'AF123',
      milestone: 'CUSTOMS_HOLD',
      event_time: '2025-03-04T11:15:00Z',
      city: 'Montreal',
      country_iso: 'CA',
    });
    expect(result).toMatchObject({
      ok: true,
      drafts: [
        {
          index: 0,
          draft: {
            sourceSystem: 'carrier:acmefreight',
            payload: {
              status: 'exception',
              exceptionReason: 'customs_hold',
              location: { city: 'Montreal', country: 'CA' },
            },
          },
        },
      ],
    });
  });

  it('lists unknown codes per event instead of dropping them, and knows no unconfigured carrier', () => {
    const result = mapCarrierWebhook(tables, 'ups', {
      events: [
        { id: 'a', status: { code: 'I' } },
        { id: 'b', status: { code: 'Q' } },
        { id: 'c', status: { code: 'X', reasonCode: 'ALIENS' } },
      ],
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          index: 1,
          issue: {
            path: ['status', 'code'],
            code: 'unknown_code',
            message: 'unknown ups status code "Q": add it to carrier-webhooks.json',
          },
        },
        {
          index: 2,
          issue: {
            path: ['status', 'reasonCode'],
            code: 'unknown_code',
            message: 'unknown ups reason code "ALIENS"',
          },
        },
      ],
    });
    expect(mapCarrierWebhook(tables, 'nobody', {})).toBeUndefined();
  });
});
