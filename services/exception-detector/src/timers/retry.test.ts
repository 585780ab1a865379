import { NonRetriableError, type RetryPolicy } from '@forewarn/platform';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMER_RETRY, timerRetry } from './retry.js';

const now = new Date('2025-03-06T16:00:00Z');
const policy: RetryPolicy = {
  maxAttempts: 3,
  backoff: { initialMs: 60_000, maxMs: 150_000, factor: 2 },
  transientBackoff: { initialMs: 1_000, maxMs: 5_000, factor: 2 },
  jitter: 'none',
};
const after = (ms: number) => new Date(now.getTime() + ms);
/** What pg raises for a SQLSTATE (a deadlock here): an Error with the code. */
const pgError = (code: string) => Object.assign(new Error('deadlock detected'), { code });

describe('timer retry (the kit policy over the timers table)', () => {
  it('given a failure of unknown kind, then the timer is retried on the growing, capped backoff and dead once maxAttempts are used', () => {
    const r = timerRetry(new Error('CRM refused the connection'), policy, now);
    expect(r.deadAt).toBe(3);
    expect([1, 2, 3, 4].map(r.retryAt)).toEqual([
      after(60_000),
      after(120_000),
      after(150_000),
      after(150_000),
    ]);
  });

  it("given a poison failure (the timer's own fault), then it is dead at its first failure", () => {
    expect(timerRetry(new TypeError("reading 'kind' of undefined"), policy, now).deadAt).toBe(1);
    expect(timerRetry(new NonRetriableError('bad spec'), policy, now).deadAt).toBe(1);
  });

  it('given a transient failure (a deadlock), then it is never dead and waits the short transient backoff', () => {
    const r = timerRetry(pgError('40P01'), policy, now);
    expect(r.deadAt).toBe(Infinity);
    expect([1, 3, 10].map(r.retryAt)).toEqual([after(1_000), after(4_000), after(5_000)]);
  });

  it('given full jitter, then the wait is a uniform draw up to the ceiling', () => {
    const r = timerRetry(new Error('x'), { ...policy, jitter: 'full', random: () => 0.5 }, now);
    expect(r.retryAt(2)).toEqual(after(60_000));
  });

  it('by default, then a timer is retried 5 s after its first failure, unjittered, and dead after 5', () => {
    const r = timerRetry(new Error('x'), DEFAULT_TIMER_RETRY, now);
    expect(r.deadAt).toBe(5);
    expect(r.retryAt(1)).toEqual(after(5_000));
    expect(r.retryAt(20)).toEqual(after(15 * 60_000));
  });
});
