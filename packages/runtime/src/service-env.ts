import { commonEnv } from '@forewarn/config';
import { apiKeysFromJson } from '@forewarn/http';
import { z } from 'zod';
import { clockEnv } from './clock.js';

/** Env of every service: the common variables plus API keys for its HTTP API. */
export const serviceEnv = commonEnv.extend({
  ...clockEnv.shape,
  /** JSON list of { key, role, customerId?, sourceSystem?, name? }; see @forewarn/http. */
  API_KEYS: apiKeysFromJson.optional(),
  /** How often the outbox relay looks for rows to publish when the last look found none. */
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  /** Failed publishes of one outbox row (a broker outage counts for none) before it is parked. */
  OUTBOX_MAX_PUBLISH_ATTEMPTS: z.coerce.number().int().positive().default(10),
  /**
   * How long the broker may hold a fetch that has nothing to return. Short, because a consumer
   * busy with one batch meets the next one sooner; each idle consumer then asks ten times a
   * second, which costs nothing on a co-located broker. Raise it to spare a metered cluster.
   */
  CONSUMER_MAX_WAIT_MS: z.coerce.number().int().positive().default(100),
  /**
   * Bytes a fetch waits for (up to CONSUMER_MAX_WAIT_MS) before the broker answers. 1 answers
   * with the first message; more trades up to that wait at each hop for fuller batches, whose
   * fixed statements (locks, inbox, progress) are then paid for more messages at once.
   */
  CONSUMER_MIN_BYTES: z.coerce.number().int().positive().default(1),
  /**
   * A Confluent-compatible schema registry (Apicurio: `…/apis/ccompat/v7`). When set, event
   * schemas are registered there (subject = the Avro record's full name, BACKWARD compatibility)
   * and messages are framed with its ids; unset, the catalog's fixed ids are used.
   */
  SCHEMA_REGISTRY_URL: z.url().optional(),
  /** Basic auth user for the schema registry, when it asks for one. */
  SCHEMA_REGISTRY_USERNAME: z.string().min(1).optional(),
  /** Basic auth password for the schema registry (with SCHEMA_REGISTRY_USERNAME); a secret. */
  SCHEMA_REGISTRY_PASSWORD: z.string().optional(),
  /**
   * OpenTelemetry collector (OTLP over HTTP, JSON) that receives traces at `<url>/v1/traces`.
   * Tracing is off unless this, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_TRACES_EXPORTER=otlp
   * is set: no spans, and no `traceparent` on Kafka messages, outbox rows or HTTP calls.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** Full URL traces are posted to, over OTEL_EXPORTER_OTLP_ENDPOINT's `/v1/traces`. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  /** Headers for the collector, `key=value` pairs separated by commas (an API key); a secret. */
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  /** `otlp` turns tracing on (to http://localhost:4318 without an endpoint); `none` turns it off. */
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).optional(),
  /** The traces' service.name; the service's own name (order, shipment, …) when unset. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /**
   * Which traces are kept: the standard sampler names. The default keeps every trace a caller
   * did not decline; `parentbased_traceidratio` with OTEL_TRACES_SAMPLER_ARG keeps a share.
   */
  OTEL_TRACES_SAMPLER: z
    .enum([
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ])
    .default('parentbased_always_on'),
  /** Share of new traces kept by the ratio samplers, 0 to 1. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  /** `true` turns tracing off whatever else is set. */
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
});

export type ServiceEnv = z.infer<typeof serviceEnv>;
