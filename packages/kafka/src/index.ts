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
// The failure kinds are the platform kit's, re-exported because handlers raise and classify with
// them; backoff and the retry policy are configured from the kit alone.
export {
  NonRetriableError,
  classifyFailure,
  isRetriable,
  type FailureKind,
} from '@forewarn/platform';
export {
  consumerMetrics,
  stalledPartitions,
  METRIC_NAMES,
  type ConsumerMetrics,
} from './metrics.js';
