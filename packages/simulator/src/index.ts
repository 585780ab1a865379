export { generateDay, type SimRun } from './generate-day.js';
export {
  parseSimConfig,
  simConfigSchema,
  type SimConfig,
  type SimConfigInput,
  type ExceptionRates,
} from './config.js';
export {
  createSimClock,
  clockFromEnv,
  clockEnv,
  CLOCK_ENV,
  CLOCK_ENV_ALIASES,
  type SimClock,
  type SimClockOptions,
} from './clock.js';
export { createRng, mulberry32, type Rng } from './prng.js';
export type { Emission, SimEvent, SimMalformed, Defect, Delivery } from './emissions.js';
export {
  EXCEPTION_TYPES,
  type ExceptionType,
  type GroundTruthEntry,
  type SubjectKind,
} from './ground-truth.js';
export type {
  SimCustomer,
  SimContact,
  SimSku,
  CustomerTier,
  Language,
  Channel,
} from './master-data.js';
export type { CustomerRequest, RequestType } from './requests.js';
export type { SimCounts } from './summary.js';
export { ACTIVE_HOURS, ingestionFeedEnv } from './feeds.js';
export {
  publish,
  type PublishOptions,
  type PublishProgress,
  type PublishReport,
} from './publish.js';
export { groundTruthDocument, writeRunFiles } from './run-files.js';
