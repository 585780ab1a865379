import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receiveInterchange } from './receive.js';
import { loadMappingTables } from './tables.js';

const tables = loadMappingTables();
const events = (name: string) =>
  receiveInterchange(readFileSync(new URL(`../../corpus/${name}`, import.meta.url), 'utf8'), tables)
    .events;

describe('856 hierarchies, read by parent links', () => {
  it('S-O-T-P-I: each pack under the pallet is a carton; empty LIN-01 numbers lines by position; VP (ours) before BP', () => {
    const [confirmed] = events('856-s-o-t-p-i-pallet.edi');
    expect(confirmed!.payload).toMatchObject({
      orderId: 'SO-3002',
      carrier: 'odfl',
      serviceLevel: 'ltl',
      trackingNumbers: ['PRO-77001234'],
      cartons: [
        {
          cartonId: '00008123450000000110',
          weightGrams: 20_000,
          lines: [{ lineNo: 1, sku: 'BOLT-M8', qty: 500 }],
        },
        { cartonId: '00008123450000000127', lines: [{ lineNo: 2, sku: 'NUT-M8', qty: 500 }] },
      ],
    });
    expect(confirmed!.refs).toMatchObject({
      customerId: 'C-LOWES',
      poNumber: 'PO-881122',
      trackingNumbers: ['PRO-77001234', 'BOL-900002'],
    });
  });

  it('S-O-I-P (standard carton pack): the cartons under an item share its units, none is left empty', () => {
    const [confirmed] = events('856-s-o-i-p-standard-carton-pack.edi');
    const blue = { lineNo: 1, sku: '061414199913', qty: 12 };
    const white = { lineNo: 2, sku: '061414199920', qty: 12 };
    expect(confirmed!.payload).toMatchObject({
      orderId: '4418821',
      carrier: 'rdwy',
      cartons: [
        { cartonId: '00006141410000441101', lines: [blue] },
        { cartonId: '00006141410000441118', lines: [blue] },
        { cartonId: '00006141410000441125', lines: [white] },
        { cartonId: '00006141410000441132', lines: [white] },
        { cartonId: '00006141410000441149', lines: [white] },
      ],
    });
    // Units that do not divide evenly: the first cartons take the remainder, the total is kept.
    const text = readFileSync(
      new URL('../../corpus/856-s-o-i-p-standard-carton-pack.edi', import.meta.url),
      'utf8',
    ).replace('SN1**36*EA', 'SN1**35*EA');
    const [odd] = receiveInterchange(text, tables).events;
    const cartons = (odd!.payload as { cartons: { lines: { qty: number }[] }[] }).cartons;
    expect(cartons.slice(2).map((c) => c.lines[0]!.qty)).toEqual([12, 12, 11]);
  });

  it('drop ship: each order is routed by its own TD5 and goes to its own ship-to', () => {
    const all = events('856-drop-ship-td5-per-order.edi');
    const confirmed = all.filter((e) => e.type === 'wms.shipment.confirmed');
    expect(confirmed.map((e) => e.payload)).toMatchObject([
      {
        orderId: 'DS-558120',
        carrier: 'ups',
        serviceLevel: 'ground',
        trackingNumbers: ['1Z4F83X20355812001'],
        international: false,
      },
      {
        orderId: 'DS-558121',
        carrier: 'fedex',
        serviceLevel: 'fedex_home_delivery',
        trackingNumbers: ['794612355812'],
        international: true,
      },
    ]);
    // The estimated delivery (LT) is read where each order is delivered: Orlando, Vancouver.
    const etas = all.filter((e) => e.type === 'carrier.eta.updated').map((e) => e.payload);
    expect(etas).toMatchObject([
      { trackingNumber: '1Z4F83X20355812001', newEta: '2025-10-07T17:00:00-04:00' },
      { trackingNumber: '794612355812', newEta: '2025-10-07T17:00:00-07:00' },
    ]);
  });

  it('S-O-I: items without a pack travel in one carton named after shipment and order', () => {
    const [confirmed] = events('856-s-o-i-standard-pack.edi');
    expect(confirmed!.payload).toMatchObject({
      orderId: 'PO-90001',
      cartons: [
        {
          cartonId: 'ASN-8003-PO-90001',
          lines: [
            { lineNo: 1, sku: 'SKU-GLOVE-L', qty: 24 },
            { lineNo: 2, sku: 'BUY-5521', qty: 6 },
          ],
        },
      ],
    });
  });

  it('S-I with DTM 067: the shipment level is the order, and the estimate becomes an ETA', () => {
    const [confirmed, eta] = events('856-s-i-5010-ean.edi');
    expect(confirmed!.payload).toMatchObject({
      orderId: 'PO-90002',
      international: true,
      shippedAt: '2025-03-06T10:30:00Z',
      cartons: [
        {
          lines: [
            { sku: '4006381333931', qty: 3 },
            { sku: '4006381333948', qty: 5 },
          ],
        },
      ],
    });
    expect(eta).toMatchObject({
      type: 'carrier.eta.updated',
      payload: { trackingNumber: 'JD0146000099', carrier: 'dhl', newEta: '2025-03-09T12:00:00Z' },
    });
  });

  it('parents sent after their children, decimal quantities and GTIN-14 only', () => {
    expect(events('856-hl-parents-after-children.edi')[0]!.payload).toMatchObject({
      orderId: 'SO-3005',
      serviceLevel: 'express',
      cartons: [{ cartonId: '00008123450000000301', trackingNumber: '1Z4F83X20399990301' }],
    });
    expect(events('856-decimal-qty-gtin14.edi')[0]!.payload).toMatchObject({
      warehouseId: 'WH-DAL',
      cartons: [
        {
          cartonId: '10012345000011',
          weightGrams: 3402,
          lines: [
            { lineNo: 1, sku: 'SKU-HOSE-3', qty: 12 },
            { lineNo: 2, sku: '10012345000028', qty: 2 },
          ],
        },
      ],
    });
  });
});

describe('214 references and locations', () => {
  it('carries PRO, BOL and the shipper ids so a shipment matches by any of them', () => {
    const [first] = events('214-xpo-ltl-pro-bol-sid.edi');
    expect(first!.refs).toEqual({
      customerId: 'C-ACME',
      poNumber: 'PO-66001',
      shipmentId: 'BOL-88120',
      trackingNumbers: ['PRO-482019331', 'BOL-88120'],
    });
  });

  it('reads latitude/longitude into the description when MS1 has no city', () => {
    const [scan] = events('214-dhl-latitude-longitude.edi');
    expect(scan!.payload).toMatchObject({
      description: 'En route to delivery location; carrier: "at 33.7500N 84.3833W"',
    });
    expect(scan!.payload).not.toHaveProperty('location');
  });
});

describe('S-O-I-P shares, for any units and number of cartons', () => {
  const base = readFileSync(
    new URL('../../corpus/856-s-o-i-p-standard-carton-pack.edi', import.meta.url),
    'utf8',
  );

  it('keeps the units shipped, and no two cartons of an item differ by more than one unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 12 }),
        (units, n) => {
          // The first item's two packs (HL 4 and 5) become n packs; its SN1 says `units`.
          const packs = Array.from(
            { length: n },
            (_, i) =>
              `HL*${100 + i}*3*P~\nMAN*GM*0000614141000${String(900 + i).padStart(7, '0')}~`,
          ).join('\n');
          const text = base
            .replace('SN1**24*EA', `SN1**${units}*EA`)
            .replace(/HL\*4\*3\*P~\nMAN\*GM\*\d+~\nHL\*5\*3\*P~\nMAN\*GM\*\d+~/, packs)
            .replace(
              /SE\*(\d+)\*0001/,
              (_, count: string) => `SE*${Number(count) + 2 * (n - 2)}*0001`,
            );
          const lines = (
            receiveInterchange(text, tables).events[0]!.payload as {
              cartons: { lines: { lineNo: number; qty: number }[] }[];
            }
          ).cartons.flatMap((c) => c.lines.filter((l) => l.lineNo === 1).map((l) => l.qty));
          expect(lines).toHaveLength(n);
          expect(lines.reduce((a, b) => a + b, 0)).toBe(units);
          expect(Math.max(...lines) - Math.min(...lines)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
