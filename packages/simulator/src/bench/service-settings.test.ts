import { describe, expect, it } from 'vitest';
import { BENCH_SERVICE_SETTINGS, describeSettings } from './service-settings.js';

describe('bench service settings', () => {
  it('prints each service with its variables', () => {
    expect(describeSettings({ a: { X: '1', Y: '2' }, b: { Z: '3' } })).toBe('a: X=1, Y=2; b: Z=3');
  });

  it('lifts every notification channel limit', () => {
    const n = BENCH_SERVICE_SETTINGS.notification!;
    for (const channel of ['EMAIL', 'SMS', 'WEBHOOK'])
      expect(Number(n[`RATE_${channel}_PER_SECOND`])).toBeGreaterThanOrEqual(1000);
  });
});
