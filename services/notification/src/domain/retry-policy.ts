import { fullJitterDelay, type BackoffOptions } from '@forewarn/kafka';

export interface RetryPolicy {
  /** Attempts over all channels before the notice is dead-lettered. */
  maxAttempts: number;
  /** Attempts on one channel before failing over to the next, when there is a next one. */
  attemptsPerChannel: number;
  backoff: BackoffOptions;
}

export interface FailedAttempt {
  /** Attempts so far, this one included. */
  attempts: number;
  /** Attempts on the current destination, this one included. */
  channelAttempts: number;
  destinationIndex: number;
  destinationCount: number;
  retriable: boolean;
}

export type AfterFailure =
  { action: 'retry'; at: Date; destinationIndex: number; failover: boolean } | { action: 'dead' };

/**
 * After a failed attempt: fail over at once when the channel gave up (permanent error or its
 * attempts used) and there is a next channel; else retry with exponential backoff and full jitter;
 * dead-letter once the attempts are used or nothing retriable is left.
 */
export function afterFailure(
  f: FailedAttempt,
  policy: RetryPolicy,
  now: Date,
  random: () => number = Math.random,
): AfterFailure {
  if (f.attempts >= policy.maxAttempts) return { action: 'dead' };
  const channelDone = !f.retriable || f.channelAttempts >= policy.attemptsPerChannel;
  if (channelDone && f.destinationIndex + 1 < f.destinationCount) {
    return { action: 'retry', at: now, destinationIndex: f.destinationIndex + 1, failover: true };
  }
  if (!f.retriable) return { action: 'dead' };
  const delay = fullJitterDelay(f.channelAttempts, policy.backoff, random);
  return {
    action: 'retry',
    at: new Date(now.getTime() + delay),
    destinationIndex: f.destinationIndex,
    failover: false,
  };
}
