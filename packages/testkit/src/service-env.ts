import type { TestEnv } from './test-env.js';

/**
 * The environment a service started in-process by a test needs to reach this file's slice of
 * the stack: a free port, its own database and topic prefix, quiet logs, a fast outbox relay.
 */
export function serviceTestEnv(
  env: Pick<TestEnv, 'databaseUrl' | 'kafkaBrokers' | 'prefix'>,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    HTTP_PORT: '0',
    DATABASE_URL: env.databaseUrl,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: env.prefix,
    LOG_LEVEL: 'silent',
    OUTBOX_POLL_INTERVAL_MS: '200',
    ...extra,
  };
}
