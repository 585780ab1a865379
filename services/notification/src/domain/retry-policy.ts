import { decideOnFailure, type RetryPolicy as KitRetryPolicy } from '@forewarn/runtime/platform';

/** The kit's retry policy over a notice's channels: maxAttempts counts attempts on all of them. */
export interface RetryPolicy extends Pick<KitRetryPolicy, 'maxAttempts' | 'backoff'> {
  /** Attempts on one channel before failing over to the next, when there is a next one. */
  attemptsPerChannel: number;
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

/** A provider's refusal for good is poison; any other failure may pass on a retry. */
const kindOf = (f: unknown) => ((f as FailedAttempt).retriable ? 'unknown' : 'poison');

/**
 * After a failed attempt: dead once the notice's attempts are used, on any channel; fail over at
 * once when the channel gave up (permanent error or its attempts used) and there is a next
 * channel; else the kit's retry policy decides, the backoff growing with the channel's attempts.
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
  const before = { consecutive: f.channelAttempts - 1, unknown: f.attempts - 1 };
  const { decision } = decideOnFailure(f, before, { ...policy, random }, kindOf);
  if (decision.action === 'dead-letter') return { action: 'dead' };
  return {
    action: 'retry',
    at: new Date(now.getTime() + decision.delayMs),
    destinationIndex: f.destinationIndex,
    failover: false,
  };
}
