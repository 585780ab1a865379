import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkStorable } from './batch-rows.js';

/** The check as it was: every key and string value of the row looked at. */
function storableByWalking(row: unknown): boolean {
  const bad = (t: string) =>
    t.includes('\u0000') || /\p{Surrogate}/u.test(t.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
  let ok = true;
  JSON.stringify(row, (k, v: unknown) => {
    if (bad(k) || (typeof v === 'string' && bad(v))) ok = false;
    return v;
  });
  return ok;
}

const throws = (row: object) => {
  try {
    checkStorable(row);
    return false;
  } catch {
    return true;
  }
};

describe('checkStorable', () => {
  it('refuses exactly the rows holding U+0000 or a lone surrogate, in a key or a value', () => {
    // Strings of any UTF-16 units, and the near misses of the JSON escapes it looks for.
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom(
        '\u0000',
        '\\u0000',
        '\\ud800',
        '\ud800',
        '\udfff',
        '😀',
        '\\\\u0000',
        'u0000',
      ),
      fc.string({
        unit: fc.constantFrom('a', '\\', 'u', '0', 'd', '8', '\u0000', '\ud83d', '\ude00'),
      }),
    );
    const row = fc.dictionary(text, fc.oneof(text, fc.array(text), fc.dictionary(text, text)), {
      maxKeys: 4,
    });
    fc.assert(
      fc.property(row, (r) => {
        expect(throws(r)).toBe(!storableByWalking(r));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
});
