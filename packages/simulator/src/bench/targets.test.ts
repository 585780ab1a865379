import { describe, expect, it } from 'vitest';
import { checkTargets } from './targets.js';

const good = {
  eventsPerSecond: 6_000,
  caseP99Ms: 400,
  peakRssMiB: { order: 120, shipment: 150 },
  detection: {
    carrier_delay: { precision: 1, recall: 1 },
    invoice_discrepancy: { precision: null, recall: 1 },
  },
};

describe('checkTargets', () => {
  it('given a run inside every target, all are met', () => {
    expect(checkTargets(good).every((t) => t.met)).toBe(true);
  });

  it('given a slow, late, heavy and imperfect run, each target says so', () => {
    const checks = checkTargets({
      eventsPerSecond: 1_200,
      caseP99Ms: 1_000,
      peakRssMiB: { order: 120, 'exception-detector': 230 },
      detection: { carrier_delay: { precision: 1, recall: 0.5 } },
    });
    expect(checks.map((c) => c.met)).toEqual([false, false, false, false]);
    expect(checks[3]!.actual).toContain('carrier_delay');
  });

  it('given a run that never drained or measured anything, nothing is met', () => {
    const checks = checkTargets({
      eventsPerSecond: null,
      caseP99Ms: null,
      peakRssMiB: {},
      detection: {},
    });
    expect(checks.map((c) => c.met)).toEqual([false, false, false, false]);
    expect(checks[0]!.actual).toBe('did not drain');
  });
});
