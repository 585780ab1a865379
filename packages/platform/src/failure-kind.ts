/**
 * What a failure says about retrying it, decided once for every consumer, relay and worker:
 * transient (a dependency away), poison (the input's own fault) or unknown. Errors of other
 * packages (pg, kafkajs, zod, contracts) are recognised by name and code, so the kit imports none.
 */

/** Throw (or wrap with) this from a handler when retrying cannot help. */
export class NonRetriableError extends Error {
  readonly retriable = false;
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'NonRetriableError';
  }
}

/**
 * Why a handler failed, which decides what happens to the message:
 * - `transient`: a dependency is away (PostgreSQL or Kafka down, restarting, overloaded, a
 *   serialisation conflict). The message is healthy: retry for as long as it takes.
 * - `poison`: the message itself cannot be handled (decode, validation, programmer errors,
 *   NonRetriableError). Retrying gives the same answer: dead-letter it now.
 * - `unknown`: anything else. Retried a bounded number of times, then dead-lettered.
 */
export type FailureKind = 'transient' | 'poison' | 'unknown';

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
  // @forewarn/contracts' validation error; listed by name so the kit need not import it.
  'ContractError',
]);

/**
 * PostgreSQL SQLSTATEs that say the server or the session is unavailable or lost a race, never
 * that the statement is wrong: connection exceptions (class 08), admin/crash shutdown and
 * "cannot connect now" (57P01-03), serialisation failure and deadlock (40001, 40P01), too many
 * connections (53300), lock not available (55P03).
 */
const TRANSIENT_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '40001',
  '40P01',
  '53300',
  '55P03',
]);
/** Socket-level failures from node (pg and kafkajs both surface these codes). */
const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/**
 * Connection failures pg and pg-pool raise without a code: a dropped or timed-out connection,
 * a pool with no connection to give, a database that refuses connections for a while
 * (`ALTER DATABASE … ALLOW_CONNECTIONS false`, SQLSTATE 55000 shared with unrelated errors, so
 * matched by its text).
 */
const TRANSIENT_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|Connection refused/i;
/**
 * Errors our own packages raise when a dependency, not the message, is at fault, listed by name
 * so the kit need not import them: @forewarn/contracts' SchemaRegistryUnavailable (a schema
 * id could not be looked up in the registry).
 */
const DEPENDENCY_AWAY = new Set(['SchemaRegistryUnavailable']);
/** kafkajs marks these non-retriable (its own retries ran out, or a lock timed out), but they say the broker was away. */
const KAFKAJS_TIMEOUTS = new Set(['KafkaJSTimeout', 'KafkaJSLockTimeout']);

const MAX_CAUSE_DEPTH = 5;

function transientSignal(err: Error): boolean {
  const { code, retriable } = err as { code?: unknown; retriable?: unknown };
  if (DEPENDENCY_AWAY.has(err.name)) return true;
  if (typeof code === 'string') {
    if (code.startsWith('08') || TRANSIENT_SQLSTATES.has(code)) return true;
    if (TRANSIENT_SOCKET_CODES.has(code)) return true;
  }
  if (err.name.startsWith('KafkaJS') && (retriable === true || KAFKAJS_TIMEOUTS.has(err.name)))
    return true;
  return TRANSIENT_MESSAGES.test(err.message);
}

/**
 * Walks the error and its causes (a wrapper often says less than what it wraps): the first link
 * that says "a dependency is away" makes the failure transient, the first that says "this input
 * is bad" (an explicit `retriable: false`, a programmer or validation error) makes it poison.
 * kafkajs' "retries exceeded" carries `retriable: false` about its own retries, so its cause
 * decides.
 */
export function classifyFailure(err: unknown): FailureKind {
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    if (transientSignal(current)) return 'transient';
    if (current.name !== 'KafkaJSNumberOfRetriesExceeded') {
      // An explicit flag wins over the class (a TypeError from fetch() flagged retriable).
      const flag = (current as { retriable?: unknown }).retriable;
      if (typeof flag === 'boolean') return flag ? 'unknown' : 'poison';
      if (PROGRAMMER_ERRORS.has(current.name)) return 'poison';
    }
    current = current.cause;
  }
  return 'unknown';
}

/** True unless the failure is the message's own fault. */
export function isRetriable(err: unknown): boolean {
  return classifyFailure(err) !== 'poison';
}

const MAX_ERROR_TEXT = 1_000;

/** Text for logs and stored errors, bounded so one huge message cannot bloat a row or a DLQ. */
export function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, MAX_ERROR_TEXT);
}
