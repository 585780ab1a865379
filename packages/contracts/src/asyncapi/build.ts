import { createRequire } from 'node:module';
import { avroNameOf, type EventType } from '../envelope.js';
import { eventTypes } from '../registry.js';
import { allServiceTopics, type ServiceTopics } from '../service-topics.js';
import { allTopics, type TopicSpec } from '../topics.js';
import { jsonSchemaOf } from './json-schema.js';

const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };
const KAFKA_BINDING = '0.5.0';

export interface AsyncApiServer {
  host: string;
  protocol: string;
  description?: string;
}

export interface AsyncApiOptions {
  servers?: Record<string, AsyncApiServer>;
  /**
   * Whose producers and consumers to list: the services' declarations (SERVICE_TOPICS, which
   * their runtimes subscribe and publish from) unless a test passes others.
   */
  services?: readonly ServiceTopics[];
}

export type AsyncApiDocument = Record<string, unknown>;

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const messageId = (e: EventType) => `${avroNameOf(e.type)}V${e.version}`;

function message(e: EventType, topic: TopicSpec) {
  const { $schema: _draft, ...payload } = jsonSchemaOf(e);
  return {
    name: e.type,
    title: `${e.type} v${e.version}`,
    summary: e.summary,
    contentType: 'application/vnd.apache.avro',
    payload,
    bindings: {
      kafka: {
        key: { type: 'string', description: topic.messageKey.description },
        schemaIdLocation: 'payload',
        schemaIdPayloadEncoding: 'confluent',
        bindingVersion: KAFKA_BINDING,
      },
    },
    'x-schema-id': e.schemaId,
    'x-schema-version': e.version,
    'x-avro-schema': e.avroSchema,
  };
}

function channel(topic: TopicSpec) {
  const carried = eventTypes.filter((e) => e.topic === topic.name);
  return {
    address: topic.name,
    title: topic.name,
    description: `${topic.description}. Key: ${topic.messageKey.description}.`,
    messages: Object.fromEntries(
      carried.map((e) => [messageId(e), { $ref: `#/components/messages/${messageId(e)}` }]),
    ),
    bindings: {
      kafka: {
        topic: topic.name,
        partitions: topic.partitions,
        topicConfiguration: {
          'cleanup.policy': [topic.cleanupPolicy],
          'retention.ms': topic.retentionMs,
        },
        bindingVersion: KAFKA_BINDING,
      },
    },
  };
}

interface Parties {
  producers: readonly string[];
  /** `service (consumer group)` for each of our consumers that reads the topic. */
  consumers: readonly string[];
}

function partiesOf(topic: TopicSpec, services: readonly ServiceTopics[]): Parties {
  return {
    producers: [
      ...topic.outsidePublishers,
      ...services.filter((s) => s.produces.some((t) => t === topic.name)).map((s) => s.name),
    ],
    consumers: services.flatMap((s) =>
      Object.values(s.consumers)
        .filter((c) => c.topics.some((t) => t === topic.name))
        .map((c) => `${s.name} (${c.group})`),
    ),
  };
}

const listed = (names: readonly string[]) => (names.length > 0 ? names.join(', ') : 'nobody');

function operations(id: string, topic: TopicSpec, parties: Parties) {
  const messages = topic.eventTypes.flatMap((type) =>
    eventTypes
      .filter((e) => e.type === type)
      .map((e) => ({ $ref: `#/channels/${id}/messages/${messageId(e)}` })),
  );
  const common = { channel: { $ref: `#/channels/${id}` }, messages };
  return {
    [`send${pascal(id)}`]: {
      action: 'send',
      summary: `Published by ${listed(parties.producers)}`,
      'x-producers': parties.producers,
      ...common,
    },
    [`receive${pascal(id)}`]: {
      action: 'receive',
      summary: `Consumed by ${listed(parties.consumers)}`,
      'x-consumers': parties.consumers,
      ...common,
    },
  };
}

/** The AsyncAPI 3.0 document of every Forewarn topic and event type, generated from the catalog. */
export function buildAsyncApi(options: AsyncApiOptions = {}): AsyncApiDocument {
  const servers = options.servers ?? {
    local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'Local development broker' },
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Forewarn events',
      version: packageJson.version,
      description:
        'Source events that ERP, WMS and carrier integrations publish, and the domain events Forewarn services emit. ' +
        'Messages are Avro with the Confluent framing (magic byte 0, 4-byte schema id); payloads below are the JSON Schema of the same shape.',
    },
    defaultContentType: 'application/vnd.apache.avro',
    servers,
    channels: {
      ...Object.fromEntries(allTopics.map((t) => [t.key, channel(t)])),
      deadLetter: {
        address: 'dlq.{groupId}',
        title: 'dead letters',
        description:
          'Messages a consumer group could not process, with their original key and headers.',
        parameters: { groupId: { description: 'The consumer group, without deployment prefix' } },
      },
    },
    operations: Object.assign(
      {},
      ...allTopics.map((t) =>
        operations(t.key, t, partiesOf(t, options.services ?? allServiceTopics)),
      ),
    ),
    components: {
      messages: Object.fromEntries(
        eventTypes.map((e) => [
          messageId(e),
          message(
            e,
            allTopics.find((t) => t.name === e.topic)!,
          ),
        ]),
      ),
    },
  };
}
