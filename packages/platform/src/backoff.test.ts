import { describe, expect, it } from 'vitest';
import { backoffCeiling, fullJitterDelay } from './backoff.js';

const opts = { initialMs: 100, maxMs: 1_000, factor: 3 };

describe('backoff', () => {
  it('grows the ceiling by the factor per attempt and caps it', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffCeiling(a, opts))).toEqual([
      100, 300, 900, 1_000, 1_000,
    ]);
  });

  it('draws the delay uniformly between zero and the ceiling', () => {
    expect(fullJitterDelay(3, opts, () => 0)).toBe(0);
    expect(fullJitterDelay(3, opts, () => 0.5)).toBe(450);
    expect(fullJitterDelay(3, opts, () => 0.999_999)).toBe(899);
  });

  it('never exceeds the cap, whatever the attempt', () => {
    for (let attempt = 1; attempt < 60; attempt++) {
      expect(fullJitterDelay(attempt, opts, () => 0.999_999)).toBeLessThan(opts.maxMs);
    }
  });

  it('spreads delays rather than repeating one value', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const delays = new Set(Array.from({ length: 50 }, () => fullJitterDelay(4, opts, random)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
