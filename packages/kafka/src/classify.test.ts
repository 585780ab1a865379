import { ContractError } from '@forewarn/contracts';
import { DecodeError } from '@forewarn/serde';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decideOnFailure, describeError, isRetriable, NonRetriableError } from './classify.js';

const backoff = { initialMs: 100, maxMs: 1_000, factor: 2 };
const zodError = (() => {
  const r = z.object({ a: z.string() }).safeParse({});
  if (r.success) throw new Error('fixture should fail');
  return r.error;
})();

describe('isRetriable', () => {
  it('retries ordinary failures (I/O, timeouts)', () => {
    expect(isRetriable(new Error('connection reset'))).toBe(true);
    expect(isRetriable('a thrown string')).toBe(true);
  });

  it('never retries decode, validation or programmer errors', () => {
    expect(isRetriable(new DecodeError('unknown-type', 'x'))).toBe(false);
    expect(isRetriable(zodError)).toBe(false);
    expect(isRetriable(new TypeError('undefined is not a function'))).toBe(false);
    expect(isRetriable(new RangeError('bad length'))).toBe(false);
    expect(isRetriable(new NonRetriableError('customer unknown'))).toBe(false);
  });

  it("never retries contracts' ContractError, by its flag and by its name", () => {
    const contractError = new ContractError('invalid_event', ['occurredAt: Invalid ISO datetime']);
    expect(contractError.retriable).toBe(false);
    expect(isRetriable(contractError)).toBe(false);
    expect(isRetriable(new Error('handler failed', { cause: contractError }))).toBe(false);
    const unflagged = Object.assign(new Error('x'), { name: 'ContractError' });
    expect(isRetriable(unflagged)).toBe(false);
  });

  it('looks through wrappers at the cause', () => {
    expect(isRetriable(new Error('handler failed', { cause: zodError }))).toBe(false);
    expect(isRetriable(new Error('handler failed', { cause: new Error('timeout') }))).toBe(true);
  });

  it('lets an explicit flag override the class', () => {
    const flagged = Object.assign(new TypeError('fetch failed'), { retriable: true });
    expect(isRetriable(flagged)).toBe(true);
  });
});

describe('decideOnFailure', () => {
  const opts = { maxAttempts: 3, backoff, random: () => 0.5 };

  it('retries with a jittered delay below the ceiling until the last attempt', () => {
    expect(decideOnFailure(new Error('x'), 1, opts)).toEqual({ action: 'retry', delayMs: 50 });
    expect(decideOnFailure(new Error('x'), 2, opts)).toEqual({ action: 'retry', delayMs: 100 });
    expect(decideOnFailure(new Error('x'), 3, opts)).toEqual({
      action: 'dead-letter',
      reason: 'max-attempts-exceeded',
    });
  });

  it('dead-letters non-retriable errors on the first attempt', () => {
    expect(decideOnFailure(new TypeError('x'), 1, opts)).toEqual({
      action: 'dead-letter',
      reason: 'non-retriable-error',
    });
  });
});

describe('describeError', () => {
  it('names the error and its message, and bounds the length', () => {
    expect(describeError(new DecodeError('unknown-type', 'event type "x"'))).toBe(
      'DecodeError: unknown-type: event type "x"',
    );
    expect(describeError(new Error('y'.repeat(5_000))).length).toBe(1_000);
  });
});
