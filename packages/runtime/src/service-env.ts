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
   * A Confluent-compatible schema registry (Apicurio: `…/apis/ccompat/v7`). When set, event
   * schemas are registered there (subject = the Avro record's full name, BACKWARD compatibility)
   * and messages are framed with its ids; unset, the catalog's fixed ids are used.
   */
  SCHEMA_REGISTRY_URL: z.url().optional(),
  /** Basic auth user for the schema registry, when it asks for one. */
  SCHEMA_REGISTRY_USERNAME: z.string().min(1).optional(),
  /** Basic auth password for the schema registry (with SCHEMA_REGISTRY_USERNAME); a secret. */
  SCHEMA_REGISTRY_PASSWORD: z.string().optional(),
});

export type ServiceEnv = z.infer<typeof serviceEnv>;
