import { describe, expect, it } from 'vitest';
import { NonRetriableError } from './failure-kind.js';
import { decideOnFailure, NO_FAILURES, retryDelay, retrying, type RetryPolicy } from './retry.js';

const backoff = { initialMs: 100, maxMs: 1_000, factor: 2 };

describe('retryDelay', () => {
  it('waits a uniform share of the capped exponential ceiling, or the ceiling without jitter', () => {
    const jittered: RetryPolicy = { maxAttempts: 3, backoff, random: () => 0.5 };
    expect([1, 2, 3, 4, 5, 9].map((n) => retryDelay(jittered, n))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    const steady: RetryPolicy = { maxAttempts: Infinity, backoff, jitter: 'none' };
    expect([1, 2, 3, 4, 5, 9].map((n) => retryDelay(steady, n))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('waits by the transient backoff after a transient failure, by the backoff when it has none', () => {
    const transientBackoff = { initialMs: 10, maxMs: 40, factor: 2 };
    const both: RetryPolicy = { maxAttempts: 3, backoff, transientBackoff, jitter: 'none' };
    expect(retryDelay(both, 9, 'transient')).toBe(40);
    expect(retryDelay(both, 9, 'unknown')).toBe(1_000);
    expect(retryDelay({ ...both, transientBackoff: undefined }, 9, 'transient')).toBe(1_000);
  });
});

describe('decideOnFailure', () => {
  const policy: RetryPolicy = { maxAttempts: 2, backoff, random: () => 0.5 };

  it("classifies with the caller's own rule when it passes one", () => {
    const refused = Object.assign(new Error('no'), { status: 400 });
    const byStatus = (err: unknown) =>
      (err as { status?: number }).status === 400 ? 'poison' : 'unknown';
    expect(decideOnFailure(refused, NO_FAILURES, policy, byStatus).decision).toEqual({
      action: 'dead-letter',
      reason: 'non-retriable-error',
    });
    // The kit's own rule would call a TypeError poison; this caller retries it.
    const typeError = decideOnFailure(new TypeError('x'), NO_FAILURES, policy, byStatus);
    expect(typeError).toEqual({
      decision: { action: 'retry', kind: 'unknown', delayMs: 50 },
      tally: { consecutive: 1, unknown: 1 },
    });
    expect(decideOnFailure(new Error('x'), typeError.tally, policy, byStatus).decision).toEqual({
      action: 'dead-letter',
      reason: 'max-attempts-exceeded',
    });
  });

  it('gives up on a NonRetriableError at once, whatever the attempts left', () => {
    expect(decideOnFailure(new NonRetriableError('bad'), NO_FAILURES, policy).decision).toEqual({
      action: 'dead-letter',
      reason: 'non-retriable-error',
    });
  });
});

describe('retrying', () => {
  const policy: RetryPolicy = {
    maxAttempts: 3,
    backoff: { initialMs: 1, maxMs: 4, factor: 2 },
    jitter: 'none',
  };

  it("tries again after each retried failure, waiting the policy's delay, until it succeeds", async () => {
    const seen: [number, number][] = [];
    let calls = 0;
    const value = await retrying(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return 'settled';
      },
      { policy, onRetry: (_err, failures, delayMs) => seen.push([failures, delayMs]) },
    );
    expect(value).toBe('settled');
    expect(seen).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('throws the last error once the policy gives up, or at once on poison', async () => {
    let calls = 0;
    const always = () => {
      calls += 1;
      return Promise.reject(new Error(`failure ${calls}`));
    };
    await expect(retrying(always, { policy })).rejects.toThrow('failure 3');
    calls = 0;
    await expect(retrying(always, { policy, kindOf: () => 'poison' })).rejects.toThrow('failure 1');
  });
});
