export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  initialMs: number;
  /** No delay ever exceeds this. */
  maxMs: number;
  /** Growth of the ceiling per attempt. */
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 30_000, factor: 2 };

/**
 * After a transient failure (a dependency away) the wait is retried without end, so its cap is
 * what bounds the delay between the dependency's return and the consumer noticing.
 */
export const DEFAULT_TRANSIENT_BACKOFF: BackoffOptions = {
  initialMs: 250,
  maxMs: 5_000,
  factor: 2,
};

/** Upper bound of the delay after the given failed attempt (1-based). */
export function backoffCeiling(attempt: number, opts: BackoffOptions): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(opts.maxMs, opts.initialMs * opts.factor ** exponent);
}

/**
 * "Full jitter": a uniform delay between 0 and the exponential ceiling. Spreads the retries of
 * many consumers that failed together (a database blip) instead of having them hit in waves.
 */
export function fullJitterDelay(
  attempt: number,
  opts: BackoffOptions,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffCeiling(attempt, opts));
}
