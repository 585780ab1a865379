/**
 * The platform kit: what every service does the same way. Pure of I/O clients, so domain
 * cores import it (`@forewarn/runtime/platform`) without loading Kafka, PostgreSQL or HTTP.
 */
export { uuidV7, uuidV7Time, nameUuid, rfc4122v5, ID_SCHEMES, type NameScheme } from './ids.js';
export {
  sign,
  verify,
  SIGNATURE_HEADER,
  DEFAULT_TOLERANCE_SECONDS,
  type Verification,
} from './signing.js';
export {
  startPoller,
  nextDelay,
  type Poller,
  type PollerOptions,
  type PollerLogger,
} from './poller.js';
