import type { DetectorEvent } from '../../domain/projection/events.js';
import type {
  CaseStatus,
  CaseType,
  EscalationLevel,
  Priority,
  RemedyKind,
} from '../../domain/types.js';
import * as b from './builders.js';

/** At `at`, the events arrive and the clock reaches `at` (so timers due by then fire). */
export interface Step {
  at: string;
  events: DetectorEvent[];
}

export interface ExpectedCase {
  caseType: CaseType;
  subjectId: string;
  count: number;
  priority: Priority;
  status: CaseStatus;
  remedy: RemedyKind;
  escalationLevel?: EscalationLevel;
  rcaRequired?: boolean;
}

export interface Scenario {
  key: string;
  label: string;
  steps: Step[];
  /** Every case the scenario's customer ends up with; nothing else may exist for it. */
  expect: ExpectedCase[];
}

const retail = { customerTier: 'retail' as const, accountRepId: null, region: 'us-east' };
const intl = { customerTier: 'retail' as const, international: true };
const pump = (o: Partial<Record<string, number>> = {}) => ({
  lineNo: 2,
  sku: 'SKU-PUMP-200',
  critical: true,
  unitPrice: { amountMinor: 45_000, currency: 'USD' },
  orderedQty: 2,
  allocatedQty: 2,
  backorderedQty: 0,
  pickedQty: 0,
  shortQty: 0,
  shippedQty: 0,
  deliveredQty: 0,
  ...o,
});

/** The labelled scenario suite: event streams in, expected cases out. */
export function buildScenarios(run: string): Scenario[] {
  const id = (k: string) => b.story(`${k}${run}`);
  const s1 = id('short');
  const s2 = id('late');
  const s3 = id('delay');
  const s4 = id('damaged');
  const s5 = id('return');
  const s6 = id('invoice');
  const s7 = id('count');
  const s8 = id('stall');
  const s9a = id('rep');
  const s9b = { ...b.story(`rep2${run}`), customerId: s9a.customerId };
  const s10 = id('shortdel');
  const sku7 = `SKU-CC-${run}`;
  return [
    {
      key: 'short',
      label:
        'critical line short-picked at an enterprise customer, then the line is filled (a short pick alone is no stock mismatch)',
      steps: [
        { at: '2025-03-03T14:05:00Z', events: [b.orderStatus(s1, '2025-03-03T14:05:00Z')] },
        { at: '2025-03-04T15:00:00Z', events: [b.lineShort(s1, '2025-03-04T15:00:00Z')] },
        {
          at: '2025-03-04T17:30:00Z',
          events: [
            b.lineShort(s1, '2025-03-04T17:30:00Z', { shortQty: 0, line: pump({ pickedQty: 2 }) }),
          ],
        },
      ],
      expect: [
        {
          caseType: 'short_pick_backorder',
          subjectId: s1.orderId,
          count: 1,
          priority: 'critical',
          status: 'resolved',
          remedy: 'replacement',
        },
      ],
    },
    {
      key: 'late',
      label:
        'promised ship date passes without a ship-confirm (retail, queue routing), then it ships',
      steps: [
        { at: '2025-03-03T14:05:00Z', events: [b.orderStatus(s2, '2025-03-03T14:05:00Z', retail)] },
        { at: '2025-03-05T23:00:00Z', events: [] },
        {
          at: '2025-03-06T15:00:00Z',
          events: [
            b.shipmentStatus(s2, '2025-03-06T15:00:00Z', {
              customerTier: 'retail',
              status: 'picked_up',
              eta: '2025-03-07T17:00:00Z',
            }),
          ],
        },
        {
          at: '2025-03-07T14:00:00Z',
          events: [b.delivered(s2, '2025-03-07T14:00:00Z', { customerTier: 'retail' })],
        },
      ],
      expect: [
        {
          caseType: 'late_shipment_risk',
          subjectId: s2.orderId,
          count: 1,
          priority: 'high',
          status: 'resolved',
          remedy: 'credit_shipping_cost',
        },
      ],
    },
    {
      key: 'delay',
      label:
        'carrier ETA slips past the promise, then delivery is late: delay auto-resolves, late delivery credits the freight',
      steps: [
        {
          at: '2025-03-05T20:00:00Z',
          events: [
            b.orderStatus(s3, '2025-03-05T20:00:00Z', { ...retail, status: 'shipped' }),
            b.shipmentStatus(s3, '2025-03-05T20:00:00Z', intl),
          ],
        },
        {
          at: '2025-03-06T14:00:00Z',
          events: [
            b.etaChanged(s3, '2025-03-06T14:00:00Z', { ...intl, eta: '2025-03-08T17:00:00Z' }),
          ],
        },
        { at: '2025-03-08T14:00:00Z', events: [b.delivered(s3, '2025-03-08T14:00:00Z', intl)] },
      ],
      expect: [
        {
          caseType: 'carrier_delay',
          subjectId: s3.shipmentId,
          count: 1,
          priority: 'normal',
          status: 'resolved',
          remedy: 'credit_shipping_cost',
        },
        {
          caseType: 'delivered_late_or_short',
          subjectId: s3.shipmentId,
          count: 1,
          priority: 'high',
          status: 'open',
          remedy: 'credit_shipping_cost',
        },
      ],
    },
    {
      key: 'damaged',
      label: 'carrier reports damage: a later in-transit scan does not clear it',
      steps: [
        {
          at: '2025-03-05T20:00:00Z',
          events: [
            b.orderStatus(s4, '2025-03-05T20:00:00Z', { status: 'shipped' }),
            b.shipmentStatus(s4, '2025-03-05T20:00:00Z'),
          ],
        },
        { at: '2025-03-06T12:00:00Z', events: [b.exceptionScanned(s4, '2025-03-06T12:00:00Z')] },
        {
          at: '2025-03-06T12:30:00Z',
          events: [b.shipmentStatus(s4, '2025-03-06T12:30:00Z', { status: 'in_transit' })],
        },
      ],
      expect: [
        {
          caseType: 'carrier_exception',
          subjectId: s4.shipmentId,
          count: 1,
          priority: 'critical',
          status: 'open',
          remedy: 'replacement',
          escalationLevel: 'l1',
        },
      ],
    },
    {
      key: 'return',
      label: 'return received and not credited within 7 calendar days',
      steps: [
        {
          at: '2025-03-12T10:00:00Z',
          events: [b.returnReceived(s5, '2025-03-12T10:00:00Z', retail)],
        },
        { at: '2025-03-19T10:00:01Z', events: [] },
        {
          at: '2025-03-19T12:00:00Z',
          events: [b.returnCredited(s5, '2025-03-19T12:00:00Z', retail)],
        },
      ],
      expect: [
        {
          caseType: 'returns_overdue',
          subjectId: s5.orderId,
          count: 1,
          priority: 'normal',
          status: 'resolved',
          remedy: 'none',
        },
      ],
    },
    {
      key: 'invoice',
      label: 'invoice disagrees with the order, then a corrected invoice matches',
      steps: [
        {
          at: '2025-03-05T20:00:00Z',
          events: [
            b.invoicePosted(s6, '2025-03-05T20:00:00Z', {
              ...retail,
              invoicedTotal: { amountMinor: 95_000, currency: 'USD' },
              discrepancies: [
                {
                  kind: 'price_mismatch',
                  lineNo: 1,
                  sku: 'SKU-BOLT-M8',
                  invoicedUnitPrice: { amountMinor: 50, currency: 'USD' },
                  expectedUnitPrice: { amountMinor: 25, currency: 'USD' },
                },
              ],
            }),
          ],
        },
        {
          at: '2025-03-06T14:00:00Z',
          events: [
            b.invoicePosted(s6, '2025-03-06T14:00:00Z', {
              ...retail,
              invoiceId: 'INV-2',
              correctsInvoiceId: 'INV-9001',
            }),
          ],
        },
      ],
      expect: [
        {
          caseType: 'invoice_discrepancy',
          subjectId: s6.orderId,
          count: 1,
          priority: 'low',
          status: 'resolved',
          remedy: 'none',
        },
      ],
    },
    {
      key: 'count',
      label: 'cycle count short on a SKU allocated to an open order, then the stock is corrected',
      steps: [
        {
          at: '2025-03-03T14:05:00Z',
          events: [
            b.orderStatus(s7, '2025-03-03T14:05:00Z', {
              ...retail,
              lines: [{ ...pump(), sku: sku7, critical: false }],
            }),
          ],
        },
        {
          at: '2025-03-04T11:00:00Z',
          events: [b.inventoryAdjusted('2025-03-04T11:00:00Z', { sku: sku7 })],
        },
        {
          at: '2025-03-04T16:00:00Z',
          events: [
            b.inventoryAdjusted('2025-03-04T16:00:00Z', {
              sku: sku7,
              delta: 2,
              reason: 'found',
              onHandAfter: 2,
              expectedQty: null,
              countedQty: null,
            }),
          ],
        },
      ],
      expect: [
        {
          caseType: 'inventory_mismatch',
          subjectId: s7.orderId,
          count: 1,
          priority: 'normal',
          status: 'resolved',
          remedy: 'none',
        },
      ],
    },
    {
      key: 'stall',
      label:
        'the shipment service reports no carrier scan for 24 h on a domestic shipment, then the next scan clears it',
      steps: [
        {
          at: '2025-03-05T20:00:00Z',
          events: [
            b.orderStatus(s8, '2025-03-05T20:00:00Z', { ...retail, status: 'shipped' }),
            b.shipmentStatus(s8, '2025-03-05T20:00:00Z', {
              customerTier: 'retail',
              eta: '2025-03-07T15:00:00Z',
            }),
          ],
        },
        {
          at: '2025-03-06T20:30:00Z',
          events: [
            b.noScanYet(s8, '2025-03-06T20:00:00Z', {
              customerTier: 'retail',
              status: 'in_transit',
              silentSince: '2025-03-05T20:00:00Z',
              lastScanAt: '2025-03-05T20:00:00Z',
              thresholdHours: 24,
            }),
          ],
        },
        {
          at: '2025-03-06T22:00:00Z',
          events: [
            b.shipmentStatus(s8, '2025-03-06T22:00:00Z', {
              customerTier: 'retail',
              status: 'out_for_delivery',
              eta: '2025-03-07T15:00:00Z',
            }),
          ],
        },
      ],
      expect: [
        {
          caseType: 'stalled_shipment',
          subjectId: s8.shipmentId,
          count: 1,
          priority: 'normal',
          status: 'resolved',
          remedy: 'credit_shipping_cost',
        },
      ],
    },
    {
      key: 'repeat',
      label:
        'same customer delayed twice in 30 days: linked repeat incident and a chronic-breach case in executive review',
      steps: [
        {
          at: '2025-03-05T20:00:00Z',
          events: [
            b.orderStatus(s9a, '2025-03-05T20:00:00Z', { ...retail, status: 'shipped' }),
            b.shipmentStatus(s9a, '2025-03-05T20:00:00Z', { customerTier: 'retail' }),
          ],
        },
        {
          at: '2025-03-06T13:00:00Z',
          events: [b.etaChanged(s9a, '2025-03-06T13:00:00Z', { customerTier: 'retail' })],
        },
        {
          at: '2025-03-06T14:00:00Z',
          events: [
            b.orderStatus(s9b, '2025-03-06T14:00:00Z', { ...retail, status: 'shipped' }),
            b.shipmentStatus(s9b, '2025-03-06T14:00:00Z', { customerTier: 'retail' }),
          ],
        },
        {
          at: '2025-03-06T15:00:00Z',
          events: [b.etaChanged(s9b, '2025-03-06T15:00:00Z', { customerTier: 'retail' })],
        },
      ],
      expect: [
        {
          caseType: 'carrier_delay',
          subjectId: s9a.shipmentId,
          count: 1,
          priority: 'normal',
          status: 'open',
          remedy: 'credit_shipping_cost',
        },
        {
          caseType: 'carrier_delay',
          subjectId: s9b.shipmentId,
          count: 1,
          priority: 'normal',
          status: 'open',
          remedy: 'credit_shipping_cost',
          rcaRequired: true,
        },
        {
          caseType: 'chronic_breach',
          subjectId: s9a.customerId,
          count: 1,
          priority: 'high',
          status: 'open',
          remedy: 'executive_review',
          escalationLevel: 'executive',
          rcaRequired: true,
        },
      ],
    },
    {
      key: 'shortdel',
      label: 'delivered on time but one line short: a percent credit on the missing line',
      steps: [
        {
          at: '2025-03-05T20:00:00Z',
          events: [b.orderStatus(s10, '2025-03-05T20:00:00Z', { ...retail, status: 'shipped' })],
        },
        {
          at: '2025-03-07T15:00:00Z',
          events: [
            b.delivered(s10, '2025-03-07T15:00:00Z', {
              customerTier: 'retail',
              lines: [
                { lineNo: 1, sku: 'SKU-BOLT-M8', shippedQty: 100, deliveredQty: 60 },
                { lineNo: 2, sku: 'SKU-PUMP-200', shippedQty: 2, deliveredQty: 2 },
              ],
            }),
          ],
        },
      ],
      expect: [
        {
          caseType: 'delivered_late_or_short',
          subjectId: s10.shipmentId,
          count: 1,
          priority: 'high',
          status: 'open',
          remedy: 'percent_credit',
        },
      ],
    },
  ];
}
