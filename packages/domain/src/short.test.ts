import { describe, expect, it } from 'vitest';
import { missingQty, shortLines } from './short.js';

describe('short: fewer delivered than shipped', () => {
  it('given a line delivered in full or over, then nothing is missing; under, the difference is', () => {
    expect(missingQty({ shippedQty: 10, deliveredQty: 10 })).toBe(0);
    expect(missingQty({ shippedQty: 10, deliveredQty: 12 })).toBe(0);
    expect(missingQty({ shippedQty: 10, deliveredQty: 7 })).toBe(3);
  });

  it('given a delivery, then only the short lines are returned', () => {
    const lines = [
      { lineNo: 1, sku: 'A', shippedQty: 4, deliveredQty: 4 },
      { lineNo: 2, sku: 'B', shippedQty: 2, deliveredQty: 1 },
    ];
    expect(shortLines(lines).map((l) => l.lineNo)).toEqual([2]);
  });
});
