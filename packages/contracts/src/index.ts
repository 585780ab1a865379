export * from './dsl/index.js';
export {
  AVRO_NAMESPACE,
  avroNameOf,
  builtSchemas,
  defineEvent,
  refs,
  type EventDefinition,
  type EventKind,
  type EventType,
  type EventZod,
} from './envelope.js';
export { TOPIC, deadLetterTopic, prefixed, type TopicKey, type TopicName } from './topic-names.js';
export {
  allTopics,
  DEAD_LETTER_GROUPS,
  declaredTopic,
  topology,
  deadLetterTopicSpec,
  topicByName,
  topicConfig,
  topics,
  type KeyRule,
  type TopicSpec,
} from './topics.js';
export { KeyError, keyFor } from './keys.js';
export {
  createLookup,
  domainEventSchema,
  domainEventTypes,
  eventTypeByName,
  eventTypeBySchemaId,
  eventTypes,
  sourceEventSchema,
  sourceEventTypes,
  supersededEventTypes,
  type DomainEvent,
  type EventTypeLookup,
  type EventOfType,
  type EventTypeName,
  type ForewarnEvent,
  type SourceEvent,
} from './registry.js';
export type * from './event-types.js';
export * from './events/erp-orders.js';
export * from './events/erp-finance.js';
export * from './events/erp-purchasing.js';
export * from './events/wms.js';
export * from './events/carrier.js';
export * from './events/domain-orders.js';
export * from './events/domain-shipments.js';
export * from './events/domain-cases.js';
export * from './events/domain-notifications.js';
export {
  ContractError,
  createCodec,
  decodeEvent,
  decodeRecord,
  readRecord,
  SchemaRegistryUnavailable,
  encodeEvent,
  encodeEventAsLatest,
  encodeEventJson,
  catalogSchemaIds,
  schemaIdOf,
  useSchemaIds,
  validateEvent,
  type Codec,
  type SchemaIds,
  type ContractErrorCode,
  type Decoded,
  type Validation,
} from './codec.js';
export {
  fullCompatibilityProblems,
  readProblems,
  releasedSchemaChanged,
  type Incompatibility,
} from './evolution/compat.js';
export {
  evolutionProblems,
  type ReleasedSchemas,
  type SchemaIdLedger,
  type VersionedSchema,
} from './evolution/check.js';
export {
  buildAsyncApi,
  type AsyncApiDocument,
  type AsyncApiOptions,
  type AsyncApiServer,
} from './asyncapi/build.js';
export {
  SERVICE_TOPICS,
  allServiceTopics,
  checkSubscription,
  consumedTopics,
  deadLetterGroups,
  deadLetterTopicsOf,
  type ConsumerDeclaration,
  type ServiceName,
  type ServiceTopics,
} from './service-topics.js';
export { jsonSchemaOf, toJsonSchema, type JsonSchema } from './asyncapi/json-schema.js';
export {
  bindSchemaRegistry,
  judgeLookup,
  subjectOf,
  type LookupOutcome,
  useSchemaRegistry,
  type RegistrySchemaIds,
} from './schema-registry-binding.js';
