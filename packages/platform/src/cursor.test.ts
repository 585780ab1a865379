import { describe, expect, it } from 'vitest';
import { cursorCodec, cursorParts } from './cursor.js';
import { retiredErrorCodes, errors } from './error-catalog.js';
import { AppError } from './errors.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the cursor to be refused');
}

describe('cursorCodec', () => {
  const orders = cursorCodec(cursorParts.date, cursorParts.text);
  const cases = cursorCodec(cursorParts.nullable(cursorParts.instant), cursorParts.text);
  const interchanges = cursorCodec(cursorParts.instant, cursorParts.uuid);

  it('reads back every position it wrote, and no cursor as none', () => {
    expect(orders.decode(orders.encode(['2025-03-07', 'SO-1']))).toEqual(['2025-03-07', 'SO-1']);
    expect(cases.decode(cases.encode([null, 'CASE-1']))).toEqual([null, 'CASE-1']);
    const at = new Date('2025-03-07T10:00:00Z').toISOString();
    const id = '0193c5a2-7b3e-7c1d-8f00-0123456789ab';
    expect(interchanges.decode(interchanges.encode([at, id]))).toEqual([at, id]);
    expect(orders.decode(undefined)).toBeUndefined();
  });

  it('refuses what it did not write with INVALID_CURSOR, a 400 naming the parameter', () => {
    const bad = [
      'not-a-cursor',
      'bm90LWEtY3Vyc29y', // base64url of "not-a-cursor": not JSON
      b64({ date: '2025-03-07' }),
      b64(['2025-03-07']),
      b64(['2025-03-07', 'SO-1', 'extra']),
      b64(['07/03/2025', 'SO-1']),
      b64(['2025-13-45', 'SO-1']),
      b64(['2025-03-07', '']),
      b64(['2025-03-07', 7]),
    ];
    for (const raw of bad) {
      const err = refusal(() => orders.decode(raw));
      expect({ raw, code: err.code, kind: err.kind }).toEqual({
        raw,
        code: 'INVALID_CURSOR',
        kind: 'INVALID_DATA',
      });
      expect(err.issues).toEqual([
        expect.objectContaining({ location: 'querystring', path: '/cursor' }),
      ]);
    }
    expect(refusal(() => cases.decode(b64([7, 'CASE-1']))).code).toBe('INVALID_CURSOR');
    expect(refusal(() => cases.decode(b64(['tomorrow', 'CASE-1']))).code).toBe('INVALID_CURSOR');
    expect(refusal(() => interchanges.decode(b64(['2025-03-07T10:00:00Z', 'x']))).code).toBe(
      'INVALID_CURSOR',
    );
  });

  it('pages limit + 1 fetched rows: a cursor after the last item only when there is more', () => {
    const rows = [
      { d: '2025-03-01', id: 'a' },
      { d: '2025-03-02', id: 'b' },
      { d: '2025-03-03', id: 'c' },
    ];
    const at = (r: (typeof rows)[number]) => [r.d, r.id] as [string, string];
    const first = orders.page(rows, 2, at);
    expect(first.items).toEqual(rows.slice(0, 2));
    expect(orders.decode(first.nextCursor ?? undefined)).toEqual(['2025-03-02', 'b']);
    expect(orders.page(rows, 3, at)).toEqual({ items: rows, nextCursor: null });
    expect(orders.page([], 3, at)).toEqual({ items: [], nextCursor: null });
  });
});

describe('retired error codes', () => {
  it('are not raised any more, and name a code that answers instead', () => {
    const live = new Set(Object.values(errors).map((e) => e.code));
    for (const [code, r] of Object.entries(retiredErrorCodes)) {
      expect(live.has(code)).toBe(false);
      expect(live.has(r.replacedBy)).toBe(true);
    }
  });
});
