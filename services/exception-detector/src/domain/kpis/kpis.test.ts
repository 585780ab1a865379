import { describe, expect, it } from 'vitest';
import { caseKpis, type CaseFacts } from './kpis.js';

const c = (o: Partial<CaseFacts>): CaseFacts => ({
  caseType: 'carrier_delay',
  origin: 'proactive',
  status: 'open',
  openedAt: '2025-03-10T10:00:00Z',
  breached: false,
  ...o,
});
const until = new Date('2025-03-13T10:00:00Z');

describe('case KPIs (given cases, when measured, then figures)', () => {
  it('given proactive cases resolved in 5 h, 30 h and never, then 1/3 within 24 h and 2/3 within 48 h', () => {
    const k = caseKpis(
      [
        c({ status: 'resolved', resolvedAt: '2025-03-10T15:00:00Z' }),
        c({ status: 'resolved', resolvedAt: '2025-03-11T16:00:00Z' }),
        c({}),
      ],
      [],
      { until },
    );
    expect(k.resolvedWithin24h).toBeCloseTo(1 / 3);
    expect(k.resolvedWithin48h).toBeCloseTo(2 / 3);
  });

  it('given a case opened 10 h before the end of the window, then it is not yet counted against 24 h; customer requests never are', () => {
    const k = caseKpis(
      [
        c({ openedAt: '2025-03-13T00:00:00Z' }),
        c({ origin: 'customer', caseType: 'track_parcel' }),
        c({ status: 'resolved', resolvedAt: '2025-03-10T11:00:00Z' }),
      ],
      [],
      { until },
    );
    expect(k.resolvedWithin24h).toBe(1);
  });

  it('given breached and clean cases, then SLA attainment, breaches by clock, cases by type and the top 3 failure modes', () => {
    const k = caseKpis(
      [
        c({ breached: true }),
        c({ caseType: 'stalled_shipment', status: 'resolved', resolvedAt: '2025-03-10T12:00:00Z' }),
        c({ caseType: 'stalled_shipment' }),
        c({ caseType: 'returns_overdue' }),
        c({ caseType: 'invoice_discrepancy' }),
        c({ origin: 'customer', caseType: 'track_parcel', breached: true }),
      ],
      [{ clock: 'first_response' }, { clock: 'first_response' }, { clock: 'resolution' }],
      { until },
    );
    expect(k.slaAttainment).toBeCloseTo(4 / 6);
    expect(k.breaches).toEqual({
      cases: 2,
      total: 3,
      byClock: { first_response: 2, resolution: 1 },
    });
    expect(k.casesByType['stalled_shipment']).toEqual({ opened: 2, open: 1, resolved: 1 });
    expect(k.topFailureModes).toEqual([
      { caseType: 'stalled_shipment', opened: 2 },
      { caseType: 'carrier_delay', opened: 1 },
      { caseType: 'invoice_discrepancy', opened: 1 },
    ]);
  });

  it('given no cases, then the ratios are null, not zero', () => {
    const k = caseKpis([], [], { until });
    expect([k.resolvedWithin24h, k.resolvedWithin48h, k.slaAttainment]).toEqual([null, null, null]);
  });
});

describe('first-contact resolution (given contacted cases, when measured, then the share settled at once)', () => {
  const done = { status: 'resolved', resolvedAt: '2025-03-11T10:00:00Z' } as const;

  it('counts a resolved case with one contact, at L1, never reopened, as resolved at first contact', () => {
    const k = caseKpis(
      [
        c({ ...done, contacts: 1 }),
        c({ ...done, contacts: 2 }),
        c({ ...done, contacts: 1, escalated: true }),
        c({ ...done, contacts: 1, reopened: true }),
      ],
      [],
      { until },
    );
    expect(k.firstContactResolution).toBeCloseTo(1 / 4);
  });

  it('leaves out cases nobody contacted us about and cases still open; null when none is left', () => {
    const k = caseKpis([c({ ...done }), c({ contacts: 1 }), c({ ...done, contacts: 0 })], [], {
      until,
    });
    expect(k.firstContactResolution).toBeNull();
    const one = caseKpis([c({ contacts: 3 }), c({ ...done, contacts: 1 })], [], { until });
    expect(one.firstContactResolution).toBe(1);
  });
});
