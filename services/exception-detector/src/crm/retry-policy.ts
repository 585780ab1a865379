import { fullJitterDelay, type BackoffOptions } from '@forewarn/kafka';
import { CrmSendError } from './adapter.js';

export interface RetryPolicy {
  /** Attempts before a job is dead (the first send counts). */
  maxAttempts: number;
  backoff: BackoffOptions;
}

export type AfterFailure =
  | { kind: 'retry'; at: Date; error: string }
  | { kind: 'dead'; error: string; reason: 'permanent' | 'attempts_exhausted' };

/**
 * What a failed send leads to: a permanent refusal (4xx other than throttling) is dead at once;
 * anything else is retried after an exponential, fully jittered delay until the attempts run out.
 */
export function afterFailure(
  err: unknown,
  attempt: number,
  policy: RetryPolicy,
  now: Date,
  random: () => number = Math.random,
): AfterFailure {
  const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (err instanceof CrmSendError && !err.retriable)
    return { kind: 'dead', error, reason: 'permanent' };
  if (attempt >= policy.maxAttempts) return { kind: 'dead', error, reason: 'attempts_exhausted' };
  const delay = fullJitterDelay(attempt, policy.backoff, random);
  return { kind: 'retry', at: new Date(now.getTime() + delay), error };
}
