import { backoffCeiling, fullJitterDelay, type BackoffOptions } from './backoff.js';
import { classifyFailure, type FailureKind } from './failure-kind.js';

/**
 * The one retry policy: what a failure means (a dependency away, the input's own fault, or
 * unknown) and what follows (retry after a capped exponential backoff, or give up). The Kafka
 * consumers, the outbox relay, notice delivery and CRM sync decide with it; only what they do with
 * a decision (dead-letter, park, fail over to the next channel) is their own.
 */

/** Why retrying stops. */
export type GiveUpReason = 'non-retriable-error' | 'max-attempts-exceeded';

export type FailureDecision =
  | { action: 'retry'; delayMs: number; kind: 'transient' | 'unknown' }
  | { action: 'dead-letter'; reason: GiveUpReason };

export interface RetryPolicy {
  /** Failures of unknown kind before giving up (Infinity: never). */
  maxAttempts: number;
  /** Waits after unknown failures. */
  backoff: BackoffOptions;
  /**
   * Waits after transient failures, which never run out; keep the cap small so recovery is quick.
   * Defaults to `backoff`.
   */
  transientBackoff?: BackoffOptions;
  /**
   * `full` (the default): a uniform wait up to the backoff's ceiling, so many retriers that failed
   * together spread out. `none`: the ceiling itself, for a lone loop no crowd retries with.
   */
  jitter?: 'full' | 'none';
  random?: () => number;
}

/** How one item's failures so far add up: only unknown ones spend the attempt budget. */
export interface FailureTally {
  /** Failures in a row, of any kind (drives the backoff). */
  consecutive: number;
  /** Failures of unknown kind (bounded by maxAttempts). */
  unknown: number;
}

export const NO_FAILURES: FailureTally = { consecutive: 0, unknown: 0 };

/** The wait before the next try after `consecutive` failures in a row (1-based) of this kind. */
export function retryDelay(
  policy: RetryPolicy,
  consecutive: number,
  kind: 'transient' | 'unknown' = 'unknown',
): number {
  const backoff =
    kind === 'transient' ? (policy.transientBackoff ?? policy.backoff) : policy.backoff;
  return policy.jitter === 'none'
    ? backoffCeiling(consecutive, backoff)
    : fullJitterDelay(consecutive, backoff, policy.random);
}

/**
 * What to do after a failure, given the tally before it: a poison failure gives up at once, an
 * unknown one once maxAttempts of them are spent, a transient one never. `kindOf` is the
 * classification (this module's by default; a caller whose own errors say it passes its own).
 */
export function decideOnFailure(
  err: unknown,
  before: FailureTally,
  policy: RetryPolicy,
  kindOf: (err: unknown) => FailureKind = classifyFailure,
): { decision: FailureDecision; tally: FailureTally } {
  const kind = kindOf(err);
  const tally = {
    consecutive: before.consecutive + 1,
    unknown: before.unknown + (kind === 'unknown' ? 1 : 0),
  };
  if (kind === 'poison')
    return { decision: { action: 'dead-letter', reason: 'non-retriable-error' }, tally };
  if (kind === 'unknown' && tally.unknown >= policy.maxAttempts)
    return { decision: { action: 'dead-letter', reason: 'max-attempts-exceeded' }, tally };
  const delayMs = retryDelay(policy, tally.consecutive, kind);
  return { decision: { action: 'retry', delayMs, kind }, tally };
}

export interface RetryingOptions {
  policy: RetryPolicy;
  kindOf?: (err: unknown) => FailureKind;
  /** Told of each failure that is retried, with the failures so far and the wait before the next try. */
  onRetry?: (err: unknown, failures: number, delayMs: number) => void;
}

/**
 * Runs `attempt` until it succeeds or the policy gives up, then throws its last error; waits the
 * policy's delay between tries. For a bounded wait on a dependency settling (a topic's leader).
 */
export async function retrying<T>(attempt: () => Promise<T>, opts: RetryingOptions): Promise<T> {
  let tally = NO_FAILURES;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      const next = decideOnFailure(err, tally, opts.policy, opts.kindOf);
      if (next.decision.action === 'dead-letter') throw err;
      tally = next.tally;
      const { delayMs } = next.decision;
      opts.onRetry?.(err, tally.consecutive, delayMs);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
