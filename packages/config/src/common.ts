import { z } from 'zod';

const csv = z
  .string()
  .min(1)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Variables every Forewarn service reads; services extend this with their own. */
export const commonEnv = z.object({
  /** The usual Node.js switch; nothing in Forewarn behaves differently on it but libraries may. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Lowest pino level written to stdout (JSON lines). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Address the HTTP API listens on; 0.0.0.0 in a container. */
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** Port of the HTTP API (API, /docs, /healthz, /readyz, /metrics); 0 picks a free one. */
  HTTP_PORT: z.coerce.number().int().min(0).max(65535),
  /** PostgreSQL connection URL; the service keeps its tables in a schema of its own there. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  /** Connections the service's pool may open (consumers, relay, pollers and routes share them). */
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** Comma-separated bootstrap brokers, host:port. */
  KAFKA_BROKERS: csv,
  /** Client id the broker logs and quotas see; the service's name when unset. */
  KAFKA_CLIENT_ID: z.string().optional(),
  /** Prepended to every topic and consumer group name; lets tests and tenants share a cluster. */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  /** Connect to the brokers over TLS. */
  KAFKA_SSL: bool.default(false),
  /** SASL mechanism when the brokers require authentication; unset for none. */
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  /** SASL user (with KAFKA_SASL_MECHANISM). */
  KAFKA_SASL_USERNAME: z.string().optional(),
  /** SASL password (with KAFKA_SASL_MECHANISM); a secret. */
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /** How long a SIGTERM waits for requests and batches in flight before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
});

export type CommonEnv = z.infer<typeof commonEnv>;
export { csv as csvList, bool as boolFlag };
