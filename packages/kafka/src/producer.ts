import type { Logger } from '@forewarn/observability';
import {
  CompressionTypes,
  Partitioners,
  type IHeaders,
  type Kafka,
  type Producer as KafkaProducer,
  type RecordMetadata,
} from 'kafkajs';
import { withTraceHeaders } from './tracing.js';

export interface OutgoingMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: IHeaders;
  /** Leave unset: the key picks the partition, which keeps per-key order. */
  partition?: number;
  timestamp?: string;
}

export interface Producer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * Resolves once every replica in sync has the messages (acks = all). Messages carry the active
   * trace context in `traceparent`/`tracestate` headers, unless they already have their own.
   */
  send(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]>;
  readonly raw: KafkaProducer;
}

export interface ProducerOptions {
  logger?: Logger;
  compression?: CompressionTypes;
  /** Enables transactions on the raw producer; plain send() does not use them. */
  transactionalId?: string;
}

/**
 * An idempotent producer: the broker drops duplicates from our own retries, and one request in
 * flight keeps retried batches in order. Uses the Java-compatible partitioner so a key lands on
 * the same partition whichever client wrote it.
 */
export function createProducer(kafka: Kafka, opts: ProducerOptions = {}): Producer {
  const raw = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...(opts.transactionalId ? { transactionalId: opts.transactionalId } : {}),
  });
  const log = opts.logger?.child({ component: 'producer' });
  return {
    raw,
    async connect() {
      await raw.connect();
      log?.debug('producer connected');
    },
    async disconnect() {
      await raw.disconnect();
      log?.debug('producer disconnected');
    },
    send(topic, messages) {
      return raw.send({
        topic,
        // The trace context goes along in `traceparent`/`tracestate` (nothing with tracing off).
        messages: withTraceHeaders(messages),
        acks: -1,
        compression: opts.compression ?? CompressionTypes.None,
      });
    },
  };
}
