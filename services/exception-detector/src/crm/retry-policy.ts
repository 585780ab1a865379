import {
  decideOnFailure,
  describeError,
  type RetryPolicy as KitRetryPolicy,
} from '@forewarn/platform';
import { CrmSendError } from './adapter.js';

/** The kit's retry policy; maxAttempts counts every send, the first included. */
export type RetryPolicy = Pick<KitRetryPolicy, 'maxAttempts' | 'backoff'>;

export type AfterFailure =
  | { kind: 'retry'; at: Date; error: string }
  | { kind: 'dead'; error: string; reason: 'permanent' | 'attempts_exhausted' };

/** A CRM's refusal for good (4xx other than throttling) is poison; anything else may pass later. */
const kindOf = (err: unknown) =>
  err instanceof CrmSendError && !err.retriable ? 'poison' : 'unknown';

/**
 * What a failed send leads to: a permanent refusal is dead at once; anything else is retried
 * after the kit's exponential, fully jittered delay until the attempts run out.
 */
export function afterFailure(
  err: unknown,
  attempt: number,
  policy: RetryPolicy,
  now: Date,
  random: () => number = Math.random,
): AfterFailure {
  const error = describeError(err);
  const before = { consecutive: attempt - 1, unknown: attempt - 1 };
  const { decision } = decideOnFailure(err, before, { ...policy, random }, kindOf);
  if (decision.action === 'retry')
    return { kind: 'retry', at: new Date(now.getTime() + decision.delayMs), error };
  const reason = decision.reason === 'non-retriable-error' ? 'permanent' : 'attempts_exhausted';
  return { kind: 'dead', error, reason };
}
