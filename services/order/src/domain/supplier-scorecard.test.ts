import {
  samplePurchaseOrderAcknowledged,
  samplePurchaseOrderIssued,
  samplePurchaseOrderReceived,
} from '@forewarn/contracts/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldPurchaseOrder, type PurchasingEvent } from './purchase-order.js';
import { judgePurchaseOrder, median, supplierScorecards } from './supplier-scorecard.js';

// The sample purchase order: issued Mon 3 March 10:00, 10 + 500 units due Fri 7 March (4 days).
const issued = (po = 'PUR-1', supplier = 'SUP-A', over: object = {}) =>
  samplePurchaseOrderIssued({
    payload: { poNumber: po, supplierId: supplier, supplierName: supplier, ...over },
  });
const acked = (po = 'PUR-1', supplier = 'SUP-A', at = '2025-03-03T16:00:00Z') =>
  samplePurchaseOrderAcknowledged({
    occurredAt: at,
    payload: { poNumber: po, supplierId: supplier, acknowledgedAt: at },
  });
const received = (
  po: string,
  supplier: string,
  at: string,
  qty: [number, number] = [10, 500],
  rejected: [number, number] = [0, 0],
  receiptId = `GR-${po}-${at}`,
) =>
  samplePurchaseOrderReceived({
    occurredAt: at,
    payload: {
      poNumber: po,
      supplierId: supplier,
      receiptId,
      receivedAt: at,
      lines: [
        { lineNo: 1, sku: 'SKU-PUMP-200', qtyReceived: qty[0], qtyRejected: rejected[0] },
        { lineNo: 2, sku: 'SKU-BOLT-M8', qtyReceived: qty[1], qtyRejected: rejected[1] },
      ],
    },
  });
const fold = (events: PurchasingEvent[]) => foldPurchaseOrder(events[0]!.payload.poNumber, events)!;
const LATER = new Date('2025-03-20T00:00:00Z');

describe('judgePurchaseOrder', () => {
  it('counts a purchase order received in full by its date as on time in full', () => {
    const j = judgePurchaseOrder(
      fold([issued(), acked(), received('PUR-1', 'SUP-A', '2025-03-07T14:00:00Z')]),
      LATER,
    )!;
    expect(j).toMatchObject({
      onTimeInFull: true,
      leadTimeAdhered: true,
      ackHours: 6,
      ackedInTime: true,
    });
    expect(j.completedAt).toBe('2025-03-07T14:00:00Z');
    expect(j.leadTimeDeviationDays).toBeCloseTo(4 + 4 / 24 - 4);
  });

  it('misses OTIF when the receipt comes the day after the promised date', () => {
    const j = judgePurchaseOrder(
      fold([issued(), received('PUR-1', 'SUP-A', '2025-03-08T00:30:00Z')]),
      LATER,
    )!;
    expect(j.onTimeInFull).toBe(false);
    expect(j.leadTimeAdhered).toBe(false);
  });

  it('misses OTIF when short or when rejects leave a line short, and completes with a later receipt', () => {
    const short = fold([issued(), received('PUR-1', 'SUP-A', '2025-03-06T10:00:00Z', [10, 450])]);
    expect(judgePurchaseOrder(short, LATER)).toMatchObject({
      onTimeInFull: false,
      completedAt: null,
    });
    const rejects = fold([
      issued(),
      received('PUR-1', 'SUP-A', '2025-03-06T10:00:00Z', [10, 500], [2, 0]),
    ]);
    expect(judgePurchaseOrder(rejects, LATER)).toMatchObject({
      onTimeInFull: false,
      rejectedUnits: 2,
      receivedUnits: 510,
    });
    const topUp = fold([
      issued(),
      received('PUR-1', 'SUP-A', '2025-03-06T10:00:00Z', [10, 450]),
      received('PUR-1', 'SUP-A', '2025-03-07T09:00:00Z', [0, 50]),
    ]);
    expect(judgePurchaseOrder(topUp, LATER)).toMatchObject({
      onTimeInFull: true,
      completedAt: '2025-03-07T09:00:00Z',
      firstReceivedAt: '2025-03-06T10:00:00Z',
    });
  });

  it('leaves an open purchase order unjudged until it is due, then counts it a miss', () => {
    const po = fold([issued()]);
    expect(judgePurchaseOrder(po, new Date('2025-03-03T20:00:00Z'))).toMatchObject({
      onTimeInFull: null,
      leadTimeAdhered: null,
      ackedInTime: null,
    });
    expect(judgePurchaseOrder(po, new Date('2025-03-08T00:00:01Z'))).toMatchObject({
      onTimeInFull: false,
      leadTimeAdhered: false,
      ackedInTime: false,
    });
  });

  it('judges nothing before the issue event has arrived', () => {
    expect(judgePurchaseOrder(fold([acked()]), LATER)).toBeNull();
  });
});

describe('supplierScorecards', () => {
  const now = new Date('2025-03-10T12:00:00Z');
  const orders = [
    fold([
      issued('P1', 'SUP-A'),
      acked('P1', 'SUP-A', '2025-03-03T12:00:00Z'),
      received('P1', 'SUP-A', '2025-03-07T10:00:00Z'),
    ]),
    fold([
      issued('P2', 'SUP-A'),
      acked('P2', 'SUP-A', '2025-03-04T22:00:00Z'),
      received('P2', 'SUP-A', '2025-03-07T10:00:00Z', [10, 500], [5, 0]),
    ]),
    fold([
      issued('P3', 'SUP-B', { supplierName: 'Bolt Bros' }),
      received('P3', 'SUP-B', '2025-03-09T10:00:00Z'),
    ]),
  ];

  it('computes OTIF, defect rate, lead-time adherence and acknowledgement per supplier', () => {
    const [a, b] = supplierScorecards(orders, now, 30);
    expect(a).toMatchObject({
      supplierId: 'SUP-B',
      supplierName: 'Bolt Bros',
      purchaseOrders: 1,
      onTimeInFull: 0,
      leadTimeAdherence: 0,
      medianAckHours: null,
      ackWithinTarget: 0,
    });
    expect(b).toMatchObject({
      supplierId: 'SUP-A',
      purchaseOrders: 2,
      onTimeInFull: 0.5,
      leadTimeAdherence: 1,
      medianAckHours: (2 + 36) / 2,
      ackWithinTarget: 0.5,
      open: 1,
    });
    expect(b!.defectRate).toBeCloseTo(5 / 1020);
    expect(b!.rolling).toEqual([
      { days: 7, purchaseOrders: 2, onTimeInFull: 0.5, defectRate: 5 / 1020 },
      { days: 30, purchaseOrders: 2, onTimeInFull: 0.5, defectRate: 5 / 1020 },
      { days: 90, purchaseOrders: 2, onTimeInFull: 0.5, defectRate: 5 / 1020 },
    ]);
    expect(b!.trend).toEqual([{ week: '2025-03-03', purchaseOrders: 2, onTimeInFull: 0.5 }]);
  });

  it('drops purchase orders issued and due before the window from it, not from the 90 days', () => {
    const [, a] = supplierScorecards(orders, new Date('2025-03-20T00:00:00Z'), 7);
    expect(a!.purchaseOrders).toBe(0);
    expect(a!.onTimeInFull).toBeNull();
    expect(a!.rolling.map((r) => r.purchaseOrders)).toEqual([0, 2, 2]);
  });

  it('takes the median of an even and an odd count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('properties', () => {
  const receipt = fc.record({
    hours: fc.integer({ min: 1, max: 24 * 12 }),
    qty: fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 600 })),
    rejectShare: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  const story = fc.record({
    ackHours: fc.option(fc.integer({ min: 0, max: 96 }), { nil: undefined }),
    receipts: fc.array(receipt, { maxLength: 3 }),
  });
  type Story = typeof story extends fc.Arbitrary<infer T> ? T : never;
  const eventsOf = (po: string, s: Story): PurchasingEvent[] => {
    const base = Date.parse('2025-03-03T10:00:00Z');
    const at = (h: number) => new Date(base + h * 3_600_000).toISOString();
    return [
      issued(po),
      ...(s.ackHours === undefined ? [] : [acked(po, 'SUP-A', at(s.ackHours))]),
      ...s.receipts.map((r, i) =>
        received(
          po,
          'SUP-A',
          at(r.hours),
          r.qty,
          [Math.floor(r.qty[0] * r.rejectShare), Math.floor(r.qty[1] * r.rejectShare)],
          `GR-${i}`,
        ),
      ),
    ];
  };

  it('folds the same purchase order whatever order its events arrive in, redeliveries included', () => {
    fc.assert(
      fc.property(story, fc.func(fc.integer()), (s, rank) => {
        const events = eventsOf('P', s);
        const shuffled = [...events, ...events].sort((a, b) => rank(a.eventId) - rank(b.eventId));
        const judged = (es: PurchasingEvent[]) => judgePurchaseOrder(fold(es), LATER);
        expect(judged(shuffled)).toEqual(judged(events));
      }),
    );
  });

  it('keeps every share between 0 and 1 and counts every supplier purchase order once', () => {
    fc.assert(
      fc.property(fc.array(story, { minLength: 1, maxLength: 6 }), (stories) => {
        const orders = stories.map((s, i) => fold(eventsOf(`P${i}`, s)));
        const [card] = supplierScorecards(orders, LATER, 90);
        expect(card!.purchaseOrders).toBe(stories.length);
        for (const v of [
          card!.onTimeInFull,
          card!.defectRate,
          card!.leadTimeAdherence,
          card!.ackWithinTarget,
        ])
          if (v !== null) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
        const acks = stories.filter((s) => s.ackHours !== undefined).length;
        expect(card!.medianAckHours === null).toBe(acks === 0);
      }),
    );
  });
});
