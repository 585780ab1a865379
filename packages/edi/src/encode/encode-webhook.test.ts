import { describe, expect, it } from 'vitest';
import { loadMappingTables } from '../mapping/tables.js';
import { mapCarrierWebhook } from '../mapping/webhook.js';
import type { StatusEvent } from './encode-214.js';
import { encodeCarrierWebhook } from './encode-webhook.js';

const tables = loadMappingTables();
const base = {
  schemaVersion: 1,
  tenantId: 'default',
  refs: { poNumber: 'PO-9', shipmentId: 'SHP-9', trackingNumbers: ['PUR1'] },
};
const events = [
  {
    ...base,
    eventId: 'p-1',
    type: 'carrier.tracking.scanned',
    sourceSystem: 'carrier:purolator',
    occurredAt: '2025-03-10T14:00:00.000Z',
    payload: {
      trackingNumber: 'PUR1',
      carrier: 'purolator',
      status: 'exception',
      exceptionReason: 'customs_hold',
      description: 'Held by customs',
      location: { city: 'Buffalo', country: 'US' },
      scannedAt: '2025-03-10T14:00:00.000Z',
    },
  },
  {
    ...base,
    eventId: 'p-2',
    type: 'carrier.eta.updated',
    sourceSystem: 'carrier:purolator',
    occurredAt: '2025-03-10T15:00:00.000Z',
    payload: {
      trackingNumber: 'PUR1',
      carrier: 'purolator',
      newEta: '2025-03-13T21:00:00.000Z',
      previousEta: '2025-03-12T21:00:00.000Z',
      reason: 'customs',
    },
  },
  {
    ...base,
    eventId: 'p-3',
    type: 'carrier.tracking.scanned',
    sourceSystem: 'carrier:purolator',
    occurredAt: '2025-03-13T16:00:00.000Z',
    payload: {
      trackingNumber: 'PUR1',
      carrier: 'purolator',
      status: 'delivered',
      scannedAt: '2025-03-13T16:00:00.000Z',
    },
  },
] as StatusEvent[];

describe('encodeCarrierWebhook: canonical events → the carrier’s own JSON', () => {
  it('writes a batching carrier’s events under its list path, in its field names, and maps back', () => {
    const bodies = encodeCarrierWebhook(tables.webhooks.purolator!, events);
    expect(bodies).toHaveLength(1);
    expect((bodies[0] as { scans: unknown[] }).scans[0]).toEqual({
      trackingEventId: 'p-1',
      pin: 'PUR1',
      scanType: 'EXCEPTION',
      exceptionCode: 'CUSTOMS',
      scanDescription: 'Held by customs',
      scanDateTime: '2025-03-10T14:00:00.000Z',
      customerReference: 'PO-9',
      shipperReference: 'SHP-9',
      depot: { city: 'Buffalo', country: 'US' },
    });
    const r = mapCarrierWebhook(tables, 'purolator', bodies[0]);
    if (!r?.ok) throw new Error(JSON.stringify(r));
    const back = r.drafts.map((d) => d.draft);
    expect(back.map((d) => [d.eventId, d.type])).toEqual([
      ['p-1', 'carrier.tracking.scanned'],
      ['p-2', 'carrier.eta.updated'],
      ['p-3', 'carrier.tracking.scanned'],
      ['p-3-pod', 'carrier.proof-of-delivery.recorded'],
    ]);
    expect(back[0]!.payload).toMatchObject({
      status: 'exception',
      exceptionReason: 'customs_hold',
    });
    expect(back[1]!.payload).toMatchObject({
      newEta: '2025-03-13T21:00:00.000Z',
      previousEta: '2025-03-12T21:00:00.000Z',
    });
  });

  it('writes one call per event for a carrier that does not batch', () => {
    const acme = events.map((e) => ({
      ...e,
      sourceSystem: 'carrier:acmefreight',
      payload: { ...e.payload, carrier: 'acmefreight' },
    })) as StatusEvent[];
    const bodies = encodeCarrierWebhook(tables.webhooks.acmefreight!, acme);
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toMatchObject({ event_uuid: 'p-1', awb: 'PUR1', milestone: 'CUSTOMS_HOLD' });
    const types = bodies.flatMap((b) => {
      const r = mapCarrierWebhook(tables, 'acmefreight', b);
      return r?.ok ? r.drafts.map((d) => d.draft.type) : ['refused'];
    });
    expect(types).toEqual([
      'carrier.tracking.scanned',
      'carrier.eta.updated',
      'carrier.tracking.scanned',
      'carrier.proof-of-delivery.recorded',
    ]);
  });

  it('puts a batching carrier’s events in one body under its list path', () => {
    const ups = events.map((e) => ({
      ...e,
      sourceSystem: 'carrier:ups',
      payload: { ...e.payload, carrier: 'ups' },
    })) as StatusEvent[];
    const bodies = encodeCarrierWebhook(tables.webhooks.ups!, ups);
    expect(bodies).toHaveLength(1);
    const r = mapCarrierWebhook(tables, 'ups', bodies[0]);
    expect(r?.ok && r.drafts.map((d) => d.draft.payload)).toMatchObject([
      { status: 'exception', exceptionReason: 'customs_hold', carrierStatusCode: 'X/CUS' },
      { newEta: '2025-03-13T21:00:00.000Z' },
      { status: 'delivered' },
      { deliveredAt: '2025-03-13T16:00:00.000Z' },
    ]);
  });
});
