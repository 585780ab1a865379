import type { Logger } from '@forewarn/observability';
import { Kafka, type RetryOptions, type SASLOptions } from 'kafkajs';
import { kafkaLevelFor, pinoLogCreator } from './log-creator.js';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaClientConfig {
  brokers: string[];
  clientId: string;
  ssl?: boolean;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retry?: RetryOptions;
}

/** The Kafka variables of `commonEnv` (@forewarn/config), declared here structurally. */
export interface KafkaEnv {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID?: string | undefined;
  KAFKA_SSL?: boolean | undefined;
  KAFKA_SASL_MECHANISM?: SaslMechanism | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
}

/**
 * Client settings from validated env; `defaultClientId` (the service name) is used when
 * KAFKA_CLIENT_ID is unset. A SASL mechanism without credentials is a start-up error.
 */
export function kafkaConfigFromEnv(env: KafkaEnv, defaultClientId: string): KafkaClientConfig {
  const cfg: KafkaClientConfig = {
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? defaultClientId,
    ssl: env.KAFKA_SSL ?? false,
  };
  if (env.KAFKA_SASL_MECHANISM) {
    const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = env;
    if (!username || !password) {
      throw new Error(
        `KAFKA_SASL_MECHANISM=${env.KAFKA_SASL_MECHANISM} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
      );
    }
    cfg.sasl = { mechanism: env.KAFKA_SASL_MECHANISM, username, password };
  }
  return cfg;
}

/**
 * Rides out a broker restart or leader election (about a minute of retries) before an
 * operation fails; kafkajs' default of 5 retries gives up within seconds.
 */
export const DEFAULT_RETRY: RetryOptions = {
  initialRetryTime: 300,
  maxRetryTime: 30_000,
  retries: 10,
  multiplier: 2,
  factor: 0.2,
};

export function createKafka(cfg: KafkaClientConfig, logger: Logger): Kafka {
  return new Kafka({
    clientId: cfg.clientId,
    brokers: cfg.brokers,
    ssl: cfg.ssl ?? false,
    // kafkajs types SASL per mechanism; our three all take username and password.
    sasl: cfg.sasl as SASLOptions | undefined,
    connectionTimeout: cfg.connectionTimeoutMs ?? 3_000,
    requestTimeout: cfg.requestTimeoutMs ?? 30_000,
    retry: { ...DEFAULT_RETRY, ...cfg.retry },
    logLevel: kafkaLevelFor(logger.level),
    logCreator: pinoLogCreator(logger),
  });
}
