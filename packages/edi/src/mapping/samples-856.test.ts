import { describe, expect, it } from 'vitest';
import { sample } from '../test-support.js';
import { mapInterchange } from './map-interchange.js';
import { loadMappingTables } from './tables.js';

const tables = loadMappingTables();

describe('856 samples → wms.shipment.confirmed per order', () => {
  it('splits a two-order truck into one event per order, with each order its own cartons', () => {
    const { events } = mapInterchange(sample('856-atl-two-orders-partial.edi'), tables);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({
      eventId: '856-SHP-5001-SO-1001',
      type: 'wms.shipment.confirmed',
      schemaVersion: 2,
      sourceSystem: 'wms:manhattan',
      occurredAt: '2025-03-05T15:00:00-05:00',
      refs: {
        customerId: 'C-ACME',
        orderId: 'SO-1001',
        poNumber: 'PO-7781',
        shipmentId: 'SHP-5001',
        // The bill of lading rides along, so a carrier status naming only the BOL still matches.
        trackingNumbers: ['1Z999AA10123456784', 'BOL-778812'],
      },
      payload: {
        shipmentId: 'SHP-5001',
        orderId: 'SO-1001',
        warehouseId: 'WH-ATL',
        carrier: 'ups',
        serviceLevel: 'ground',
        trackingNumbers: ['1Z999AA10123456784'],
        cartons: [
          {
            cartonId: '00012345678900000017',
            trackingNumber: '1Z999AA10123456784',
            weightGrams: 48_000,
            lines: [
              { lineNo: 1, sku: 'SKU-BOLT-M8', qty: 100 },
              { lineNo: 2, sku: 'SKU-PUMP-200', qty: 2 },
            ],
          },
        ],
        freightCost: { amountMinor: 3000, currency: 'USD' },
        shippedAt: '2025-03-05T15:00:00-05:00',
        international: false,
      },
    });
  });

  it('ships the partial order as what left the dock (60 of 100 valves), pounds in grams, VP as SKU', () => {
    const { events } = mapInterchange(sample('856-atl-two-orders-partial.edi'), tables);
    expect(events[1]?.refs).toEqual({
      customerId: 'C-GLOBEX',
      orderId: 'SO-1002',
      poNumber: 'PO-8802',
      shipmentId: 'SHP-5001',
      trackingNumbers: ['1Z999AA10123456791', '1Z999AA10123456806', 'BOL-778812'],
    });
    expect(events[1]?.payload).toMatchObject({
      orderId: 'SO-1002',
      cartons: [
        {
          cartonId: '00012345678900000024',
          trackingNumber: '1Z999AA10123456791',
          weightGrams: 11_567,
          lines: [{ lineNo: 1, sku: 'SKU-VALVE-10', qty: 60 }],
        },
        {
          cartonId: '00012345678900000031',
          trackingNumber: '1Z999AA10123456806',
          lines: [{ lineNo: 3, sku: 'SKU-GASKET-5', qty: 10 }],
        },
      ],
    });
  });

  it('marks a cross-border shipment international and falls back to BSN time, PRO number and no freight', () => {
    const { events } = mapInterchange(sample('856-mtl-international-partial.edi'), tables);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventId: '856-SHP-7001-SO-2001',
      sourceSystem: 'wms:manhattan-mtl',
      occurredAt: '2025-03-03T16:30:00-05:00',
      payload: {
        warehouseId: 'WH-MTL',
        carrier: 'dhl',
        serviceLevel: 'international_express',
        trackingNumbers: ['JD014600006281230701'],
        cartons: [
          {
            cartonId: '00098765432100000012',
            weightGrams: 12_250,
            lines: [{ lineNo: 1, sku: 'SKU-SENSOR-9', qty: 4 }],
          },
        ],
        freightCost: { amountMinor: 0, currency: 'USD' },
        international: true,
      },
    });
  });
});
