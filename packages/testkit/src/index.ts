export { resolveStack, type StackEndpoints } from './stack.js';
export {
  createContractTopics,
  createTestEnv,
  eventually,
  type TestEnv,
  type TestTopic,
  type TestEnvOptions,
} from './test-env.js';
export { serviceTestEnv } from './service-env.js';
export { freePort } from './free-port.js';
export { ownBroker, type OwnBroker } from './own-broker.js';
export {
  PROTOTYPE_KEYS,
  jsonEdit,
  jsonEdits,
  mutateJson,
  strangeValue,
  type JsonEdit,
} from './fuzz.js';
export { recordStatements, type StatementLog } from './statements.js';
