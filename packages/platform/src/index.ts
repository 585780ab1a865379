/**
 * The platform kit: what every package and service does the same way, one implementation each.
 * It depends on nothing but Node, so the lowest packages (db, kafka, http) and pure domain cores
 * import it without loading Kafka, PostgreSQL or HTTP clients.
 */
export { uuidV7, uuidV7Time, nameUuid, rfc4122v5, ID_SCHEMES, type NameScheme } from './ids.js';
export {
  sign,
  verify,
  signToken,
  openToken,
  SIGNATURE_HEADER,
  DEFAULT_TOLERANCE_SECONDS,
  type Verification,
} from './signing.js';
export {
  backoffCeiling,
  fullJitterDelay,
  DEFAULT_BACKOFF,
  DEFAULT_TRANSIENT_BACKOFF,
  type BackoffOptions,
} from './backoff.js';
export {
  NonRetriableError,
  classifyFailure,
  isRetriable,
  describeError,
  type FailureKind,
} from './failure-kind.js';
export {
  decideOnFailure,
  retryDelay,
  retrying,
  type RetryingOptions,
  NO_FAILURES,
  type FailureDecision,
  type FailureTally,
  type GiveUpReason,
  type RetryPolicy,
} from './retry.js';
export {
  startPoller,
  startHeartbeat,
  nextDelay,
  type HeartbeatOptions,
  type Poller,
  type PollerOptions,
  type PollerLogger,
} from './poller.js';
export {
  AppError,
  defineError,
  errorKinds,
  isAppError,
  type AppErrorOptions,
  type ErrorFactory,
  type ErrorKind,
  type Issue,
} from './errors.js';
export { errorCatalog, errors, retiredErrorCodes } from './error-catalog.js';
export { cursorCodec, cursorParts, type CursorCodec, type CursorPart } from './cursor.js';
