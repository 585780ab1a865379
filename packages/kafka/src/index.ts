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
export { runConsumer, type RunConsumerOptions, type ConsumerHandle } from './consumer.js';
export type { ConsumedMessage, MessageHandler, BatchHandler, Decoder } from './message.js';
export { DLQ_HEADERS, deadLetterMessage } from './dead-letter.js';
export {
  NonRetriableError,
  isRetriable,
  decideOnFailure,
  type DeadLetterReason,
  type FailureDecision,
} from './classify.js';
export {
  backoffCeiling,
  fullJitterDelay,
  DEFAULT_BACKOFF,
  type BackoffOptions,
} from './backoff.js';
export { consumerMetrics, METRIC_NAMES, type ConsumerMetrics } from './metrics.js';
