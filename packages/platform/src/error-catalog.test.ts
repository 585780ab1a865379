import { describe, expect, it } from 'vitest';
import { errorCatalog, errors } from './error-catalog.js';
import { AppError, errorKinds, type ErrorKind } from './errors.js';

describe('the error catalog', () => {
  const entries = Object.values(errorCatalog).flatMap(
    (area) => Object.values(area) as { code: string; kind: ErrorKind }[],
  );

  it('declares each code once, in UPPER_SNAKE, with a kind the HTTP edge has a status for', () => {
    const codes = entries.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of entries) {
      expect(e.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(errorKinds[e.kind]).toBeDefined();
    }
    expect(Object.keys(errors)).toHaveLength(entries.length);
  });

  it('makes errors of its kind and code with its message, and `with` adds issues and Retry-After', () => {
    const plain = errors.orderNotFound('SO-1');
    expect(plain).toBeInstanceOf(AppError);
    expect(plain).toMatchObject({
      kind: 'NOT_FOUND',
      code: 'ORDER_NOT_FOUND',
      message: 'No order SO-1.',
    });
    expect(plain.issues).toBeUndefined();

    const issues = [{ location: 'body', path: '/events/0', code: 'invalid_type', message: 'bad' }];
    const rich = errors.eventsInvalid.with({ issues, retryAfterSeconds: 5 })(
      '1 of 2 events are invalid',
    );
    expect(rich).toMatchObject({ code: 'EVENTS_INVALID', issues, retryAfterSeconds: 5 });
    expect(rich.message).toBe(
      '1 of 2 events are invalid; nothing was accepted. Fix them and resend the batch.',
    );
    // `with` does not change the plain factory.
    expect(errors.eventsInvalid('x').issues).toBeUndefined();
  });
});
