import { describe, expect, it } from 'vitest';
import { sample } from '../test-support.js';
import { loadMappingTables } from './tables.js';
import { mapInterchange } from './map-interchange.js';

const tables = loadMappingTables();

describe('214 samples → canonical carrier events', () => {
  const ups = mapInterchange(sample('214-ups-delay-damage-delivered.edi'), tables);

  it('maps every AT7 of every transaction set, in file order, deliveries twice (scan + POD)', () => {
    expect(ups.transactions.map((t) => [t.setId, t.controlNumber, t.events.length])).toEqual([
      ['214', '0001', 4],
      ['214', '0002', 2],
      ['214', '0003', 3],
    ]);
    expect(ups.events.map((e) => [e.type, 'status' in e.payload ? e.payload.status : '-'])).toEqual(
      [
        ['carrier.tracking.scanned', 'picked_up'],
        ['carrier.tracking.scanned', 'in_transit'],
        ['carrier.tracking.scanned', 'exception'],
        ['carrier.eta.updated', '-'],
        ['carrier.tracking.scanned', 'in_transit'],
        ['carrier.tracking.scanned', 'exception'],
        ['carrier.tracking.scanned', 'out_for_delivery'],
        ['carrier.tracking.scanned', 'delivered'],
        ['carrier.proof-of-delivery.recorded', '-'],
      ],
    );
  });

  it('turns a weather delay (SD/AO, central time) into an exception with reason weather', () => {
    expect(ups.events[2]).toEqual({
      eventId: '214-UPSN-1Z999AA10123456784-SD-202503060715',
      type: 'carrier.tracking.scanned',
      schemaVersion: 2,
      sourceSystem: 'carrier:ups',
      occurredAt: '2025-03-06T07:15:00-06:00',
      refs: {
        orderId: 'SO-1001',
        poNumber: 'PO-7781',
        shipmentId: 'SHP-5001',
        trackingNumbers: ['1Z999AA10123456784'],
      },
      payload: {
        trackingNumber: '1Z999AA10123456784',
        carrier: 'ups',
        status: 'exception',
        exceptionReason: 'weather',
        carrierStatusCode: 'SD/AO',
        description: 'Shipment delayed: Weather or natural disaster related',
        location: { city: 'MEMPHIS', region: 'TN', country: 'US' },
        scannedAt: '2025-03-06T07:15:00-06:00',
      },
    });
  });

  it('reads AG as a new ETA (daylight time after 9 March), reported at the group time', () => {
    expect(ups.events[3]).toMatchObject({
      eventId: '214-UPSN-1Z999AA10123456784-AG-202503101700-202503060800',
      type: 'carrier.eta.updated',
      occurredAt: '2025-03-06T08:00:00-05:00',
      payload: {
        trackingNumber: '1Z999AA10123456784',
        carrier: 'ups',
        newEta: '2025-03-10T17:00:00-04:00',
        reason: 'Weather or natural disaster related',
      },
    });
  });

  it('uses a package-level tracking number (L11*2I) for damage on one parcel', () => {
    expect(ups.events[5]).toMatchObject({
      eventId: '214-UPSN-1Z999AA10123456806-A9-202503060140',
      // The parcel's own number first, then the shipment's, so either finds the shipment.
      refs: {
        orderId: 'SO-1002',
        trackingNumbers: ['1Z999AA10123456806', '1Z999AA10123456799'],
      },
      payload: {
        trackingNumber: '1Z999AA10123456806',
        status: 'exception',
        exceptionReason: 'damaged',
        carrierStatusCode: 'A9/NS',
      },
    });
  });

  it('records a delivery as a delivered scan and a proof of delivery', () => {
    expect(ups.events[8]).toEqual({
      eventId: '214-UPSN-1Z999AA10123456810-D1-202503061120-pod',
      type: 'carrier.proof-of-delivery.recorded',
      schemaVersion: 2,
      sourceSystem: 'carrier:ups',
      occurredAt: '2025-03-06T11:20:00-05:00',
      refs: {
        poNumber: 'PO-9911',
        shipmentId: 'SHP-5003',
        trackingNumbers: ['1Z999AA10123456810'],
      },
      payload: {
        trackingNumber: '1Z999AA10123456810',
        carrier: 'ups',
        deliveredAt: '2025-03-06T11:20:00-05:00',
        location: { city: 'CHARLOTTE', region: 'NC', country: 'US' },
      },
    });
  });

  it('reads separators from ISA (| and newline, 00501) and maps a customs hold and a failed attempt', () => {
    const dhl = mapInterchange(sample('214-dhl-customs-hold.edi'), tables);
    expect(dhl.interchange.separators).toEqual({
      element: '|',
      segment: '\n',
      component: '>',
      repetition: '^',
    });
    expect(dhl.events.map((e) => e.payload)).toEqual([
      {
        trackingNumber: 'JD014600006281230701',
        carrier: 'dhl',
        status: 'in_transit',
        carrierStatusCode: 'K1/NS',
        description: 'Arrived at customs',
        location: { city: 'MONTREAL', region: 'QC', country: 'CA' },
        scannedAt: '2025-03-04T09:30:00Z',
      },
      {
        trackingNumber: 'JD014600006281230701',
        carrier: 'dhl',
        status: 'exception',
        exceptionReason: 'customs_hold',
        carrierStatusCode: 'PR/AS',
        description: 'Customs hold at in-bond location: Hold due to customs documentation problems',
        location: { city: 'MONTREAL', region: 'QC', country: 'CA' },
        scannedAt: '2025-03-04T11:15:00Z',
      },
      {
        trackingNumber: 'JD014600006281230701',
        carrier: 'dhl',
        status: 'delivery_attempt_failed',
        carrierStatusCode: 'AP/A2',
        description: 'Delivery not completed: Incorrect address',
        location: { city: 'BOSTON', region: 'MA', country: 'US' },
        scannedAt: '2025-03-06T16:05:00-05:00',
      },
    ]);
  });

  it('gives the same event ids when the same statuses arrive in another interchange', () => {
    const resent = sample('214-ups-delay-damage-delivered.edi').replaceAll(
      '000000101',
      '000000999',
    );
    expect(mapInterchange(resent, tables).events.map((e) => e.eventId)).toEqual(
      ups.events.map((e) => e.eventId),
    );
  });
});
