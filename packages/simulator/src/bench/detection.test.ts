import { describe, expect, it } from 'vitest';
import type { GroundTruthEntry } from '../ground-truth.js';
import { isEventDriven, isTimeDriven, scoreTypes } from './detection.js';

const truth = (exceptionType: string, id: string): GroundTruthEntry =>
  ({
    id: `${exceptionType}:${id}`,
    exceptionType,
    variant: 'x',
    subject: { kind: 'order', id },
    injectedAt: '2025-03-10T08:00:00Z',
    detectableBy: '2025-03-10T09:00:00Z',
    deliberate: true,
    note: '',
  }) as GroundTruthEntry;

describe('scoreTypes', () => {
  const entries = [truth('carrier_delay', 'o1'), truth('late_shipment_risk', 'o2')];
  const cases = [
    { caseType: 'carrier_delay', subject: { kind: 'order', id: 'o1' }, origin: 'proactive' },
    { caseType: 'late_shipment_risk', subject: { kind: 'order', id: 'o9' }, origin: 'proactive' },
    { caseType: 'carrier_delay', subject: { kind: 'order', id: 'o3' }, origin: 'customer' },
  ];

  it('scores only event-driven types on a run published as fast as possible', () => {
    const s = scoreTypes(entries, cases, isEventDriven);
    expect(Object.keys(s)).toEqual(['carrier_delay']);
    expect(s.carrier_delay).toMatchObject({ expected: 1, detected: 1, precision: 1, recall: 1 });
  });

  it('scores time-driven types apart, customer-initiated cases left out', () => {
    const s = scoreTypes(entries, cases, isTimeDriven);
    expect(s.late_shipment_risk).toMatchObject({
      precision: 0,
      recall: 0,
      unexpected: ['order:o9'],
    });
  });
});
