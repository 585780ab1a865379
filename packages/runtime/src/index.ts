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
// How far a consumer has really read its source topics (the source watermark), for services
// whose absence timers must not outrun their consumer: each keeps its own consumer_progress.
export * from './progress/index.js';
