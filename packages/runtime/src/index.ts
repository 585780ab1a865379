export {
  startService,
  type ServiceContext,
  type ServiceDefinition,
  type RunningService,
  type StartOptions,
  type Stoppable,
} from './service.js';
export { serviceEnv, type ServiceEnv } from './service-env.js';
export { runMain } from './main.js';
export { clockEnv, createClock, type ClockEnv } from './clock.js';
export {
  checkProduces,
  declaredTopicSpecs,
  startDeclaredConsumer,
  type ConsumerDeps,
  type DeclaredConsumerOptions,
} from './declared-consumer.js';
