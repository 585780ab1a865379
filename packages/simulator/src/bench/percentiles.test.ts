import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './percentiles.js';

describe('percentile (nearest rank)', () => {
  it('given 1..100, p50 is 50, p95 is 95 and p99 is 99', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(xs, 50), percentile(xs, 95), percentile(xs, 99)]).toEqual([50, 95, 99]);
  });

  it('given few values, p99 is the largest rather than an interpolation', () => {
    expect(percentile([10, 20, 30], 99)).toBe(30);
    expect(percentile([10, 20, 30], 50)).toBe(20);
  });

  it('given nothing, there is no percentile', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it('refuses a percentile outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts unsorted samples before ranking them', () => {
    const s = summarize([900, 100, 500, 300, 700]);
    expect(s).toEqual({ count: 5, p50: 500, p95: 900, p99: 900, max: 900, mean: 500 });
  });

  it('given no samples, reports a count of zero and no figures', () => {
    expect(summarize([])).toEqual({
      count: 0,
      p50: null,
      p95: null,
      p99: null,
      max: null,
      mean: null,
    });
  });
});
