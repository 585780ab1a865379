export {
  createKafka,
  kafkaConfigFromEnv,
  DEFAULT_RETRY,
  type KafkaClientConfig,
  type KafkaEnv,
  type SaslMechanism,
} from './client.js';
export { pinoLogCreator, kafkaLevelFor } from './log-creator.js';
export {
  createProducer,
  type Producer,
  type ProducerOptions,
  type OutgoingMessage,
} from './producer.js';
export { ensureTopics, planTopics, type TopicSpec, type TopicPlan } from './topics.js';
export {
  alignTopicConfigs,
  describeTopics,
  topicDrift,
  verifyTopics,
  TopologyMismatch,
  type TopicState,
} from './topology.js';
export { runConsumer, type RunConsumerOptions, type ConsumerHandle } from './consumer.js';
export type { ConsumedMessage, MessageHandler, BatchHandler, Decoder } from './message.js';
export { DLQ_HEADERS, deadLetterMessage } from './dead-letter.js';
export {
  NonRetriableError,
  classifyFailure,
  isRetriable,
  decideOnFailure,
  NO_FAILURES,
  type DeadLetterReason,
  type FailureDecision,
  type FailureKind,
  type FailureTally,
  type RetryPolicy,
} from './classify.js';
// The backoff is the platform kit's; re-exported because consumers configure retries with it.
export {
  backoffCeiling,
  fullJitterDelay,
  DEFAULT_BACKOFF,
  DEFAULT_TRANSIENT_BACKOFF,
  type BackoffOptions,
} from '@forewarn/platform';
export {
  consumerMetrics,
  stalledPartitions,
  METRIC_NAMES,
  type ConsumerMetrics,
} from './metrics.js';
