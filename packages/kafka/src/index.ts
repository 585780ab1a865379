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
export type { DeadLetterReason } from './dead-letter.js';
// The retry policy is the platform kit's; re-exported because consumers configure and raise with it.
export {
  NonRetriableError,
  classifyFailure,
  isRetriable,
  backoffCeiling,
  DEFAULT_BACKOFF,
  DEFAULT_TRANSIENT_BACKOFF,
  type BackoffOptions,
  type FailureKind,
} from '@forewarn/platform';
export {
  consumerMetrics,
  stalledPartitions,
  METRIC_NAMES,
  type ConsumerMetrics,
} from './metrics.js';
