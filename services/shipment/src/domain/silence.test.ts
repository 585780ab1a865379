import { describe, expect, it } from 'vitest';
import { fold } from './evolve.js';
import { closedSilences, isDue, openSilence, type SilencePolicy } from './silence.js';
import { confirm, pod, scan } from './events.fixtures.js';

const policy: SilencePolicy = { domesticHours: 24, internationalHours: 72 };
const SHP = 'SHP-5001';

describe('no-scan timer rule', () => {
  it('given a ship-confirm and no scan, the timer is due 24 h after shipping (domestic)', () => {
    const t = openSilence(fold(SHP, [confirm('2025-03-05T15:00:00Z')]), policy);
    expect(t).toEqual({
      silentSince: '2025-03-05T15:00:00.000Z',
      dueAt: '2025-03-06T15:00:00.000Z',
      thresholdHours: 24,
      status: 'confirmed',
      lastScanAt: null,
    });
    expect(isDue(t!.dueAt, new Date('2025-03-06T14:59:59Z'))).toBe(false);
    expect(isDue(t!.dueAt, new Date('2025-03-06T15:00:00Z'))).toBe(true);
  });

  it('given an international shipment, the threshold is 72 h', () => {
    const t = openSilence(fold(SHP, [confirm('2025-03-05T15:00:00Z', true)]), policy);
    expect([t?.thresholdHours, t?.dueAt]).toEqual([72, '2025-03-08T15:00:00.000Z']);
  });

  it('when a scan arrives, the silence restarts from that scan (the old timer is cancelled)', () => {
    const t = openSilence(
      fold(SHP, [confirm('2025-03-05T15:00:00Z'), scan('in_transit', '2025-03-06T10:00:00Z')]),
      policy,
    );
    expect([t?.silentSince, t?.dueAt, t?.status]).toEqual([
      '2025-03-06T10:00:00.000Z',
      '2025-03-07T10:00:00.000Z',
      'in_transit',
    ]);
  });

  it('when delivered, or unknown (no ship-confirm yet), there is no timer', () => {
    expect(openSilence(fold(SHP, [confirm(), pod('2025-03-07T11:20:00Z')]), policy)).toBeNull();
    expect(openSilence(fold(SHP, [scan('in_transit', '2025-03-06T10:00:00Z')]), policy)).toBeNull();
  });

  it('a gap of at least the threshold between activity points is a silence the history proves', () => {
    const s = fold(SHP, [
      confirm('2025-03-05T15:00:00Z'),
      scan('picked_up', '2025-03-05T18:00:00Z'),
      scan('in_transit', '2025-03-07T09:00:00Z'),
      scan('out_for_delivery', '2025-03-07T20:00:00Z'),
    ]);
    expect(closedSilences(s, policy, new Date('2025-03-08T00:00:00Z'))).toEqual([
      {
        silentSince: '2025-03-05T18:00:00.000Z',
        dueAt: '2025-03-06T18:00:00.000Z',
        thresholdHours: 24,
        status: 'picked_up',
        lastScanAt: '2025-03-05T18:00:00.000Z',
      },
    ]);
  });

  it('a gap not yet due by the clock is not announced: a late older scan may still fill it', () => {
    // The newest scan arrived first; the clock says the 24 h since the ship-confirm have not
    // passed, so the live timer could not have fired, and the older scans will close the gap.
    const newestFirst = fold(SHP, [
      confirm('2025-03-05T15:00:00Z'),
      scan('out_for_delivery', '2025-03-07T08:00:00Z'),
    ]);
    expect(closedSilences(newestFirst, policy, new Date('2025-03-06T14:59:59Z'))).toEqual([]);
    expect(closedSilences(newestFirst, policy, new Date('2025-03-06T15:00:00Z'))).toEqual([
      {
        silentSince: '2025-03-05T15:00:00.000Z',
        dueAt: '2025-03-06T15:00:00.000Z',
        thresholdHours: 24,
        status: 'confirmed',
        lastScanAt: null,
      },
    ]);
  });
});
