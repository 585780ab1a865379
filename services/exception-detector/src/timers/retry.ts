import {
  classifyFailure,
  DEFAULT_TRANSIENT_BACKOFF,
  retryDelay,
  type RetryPolicy,
} from '@forewarn/platform';

/**
 * A timer whose effects keep failing: the kit's retry policy, as the consumers, the outbox relay,
 * notice delivery and CRM sync use it. Its clock is the detector's (sim time). No jitter: one
 * poller fires timers one at a time, so no crowd of retriers needs spreading out.
 */
export const DEFAULT_TIMER_RETRY: RetryPolicy = {
  maxAttempts: 5,
  backoff: { initialMs: 5_000, maxMs: 15 * 60_000, factor: 2 },
  transientBackoff: DEFAULT_TRANSIENT_BACKOFF,
  jitter: 'none',
};

export interface TimerRetry {
  /** The failures (this one included) at which the timer is parked as dead. */
  deadAt: number;
  /** When the timer fires again after its `attempts`-th failure. */
  retryAt: (attempts: number) => Date;
}

/**
 * The kit's decision (decideOnFailure) in the terms the timers table keeps, one count of failures
 * of any kind: a poison failure (the timer's own fault: the same spec fails the same way) parks it
 * at once, an unknown one once `maxAttempts` are used, a transient one (a deadlock, a lock
 * timeout) never, on the shorter transient backoff. Unlike the kit's tally, transient failures
 * before an unknown one count against its budget: the table has no second count.
 */
export function timerRetry(err: unknown, policy: RetryPolicy, now: Date): TimerRetry {
  const kind = classifyFailure(err);
  const deadAt = kind === 'poison' ? 1 : kind === 'transient' ? Infinity : policy.maxAttempts;
  const waitKind = kind === 'transient' ? 'transient' : 'unknown';
  return {
    deadAt,
    retryAt: (attempts) => new Date(now.getTime() + retryDelay(policy, attempts, waitKind)),
  };
}
