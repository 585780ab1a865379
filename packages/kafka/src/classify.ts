import { fullJitterDelay, type BackoffOptions } from './backoff.js';

/** Throw (or wrap with) this from a handler when retrying cannot help. */
export class NonRetriableError extends Error {
  readonly retriable = false;
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'NonRetriableError';
  }
}

/** Bugs and bad data: the same input fails the same way on every attempt. */
const PROGRAMMER_ERRORS = new Set([
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'ZodError',
  '$ZodError',
  'DecodeError',
  // @forewarn/contracts' validation error; listed by name so this package need not import it.
  'ContractError',
]);

const MAX_CAUSE_DEPTH = 5;

/**
 * Walks the error and its causes: an explicit boolean `retriable` flag wins (our errors and
 * kafkajs' carry one), then programmer-error and validation classes are non-retriable. Anything
 * else (I/O, timeouts, a locked row) is worth another attempt.
 */
export function isRetriable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    const flag = (current as { retriable?: unknown }).retriable;
    if (typeof flag === 'boolean') return flag;
    if (PROGRAMMER_ERRORS.has(current.name)) return false;
    current = current.cause;
  }
  return true;
}

export type DeadLetterReason = 'decode-failed' | 'non-retriable-error' | 'max-attempts-exceeded';

export type FailureDecision =
  { action: 'retry'; delayMs: number } | { action: 'dead-letter'; reason: DeadLetterReason };

/** What to do after a handler failed its `attempt`-th time (1-based). */
export function decideOnFailure(
  err: unknown,
  attempt: number,
  opts: { maxAttempts: number; backoff: BackoffOptions; random?: () => number },
): FailureDecision {
  if (!isRetriable(err)) return { action: 'dead-letter', reason: 'non-retriable-error' };
  if (attempt >= opts.maxAttempts)
    return { action: 'dead-letter', reason: 'max-attempts-exceeded' };
  return { action: 'retry', delayMs: fullJitterDelay(attempt, opts.backoff, opts.random) };
}

const MAX_ERROR_TEXT = 1_000;

/** Text for logs and the `dlq.error` header, bounded so one huge message cannot bloat the DLQ. */
export function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, MAX_ERROR_TEXT);
}
