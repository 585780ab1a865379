import { loadConfig } from '@forewarn/config';
import {
  createPool,
  inboxMigration,
  migrate,
  outboxMigration,
  outboxParkingMigration,
  pingDatabase,
  startInboxPruner,
  startOutboxRelay,
  type Migration,
  type OutboxRelay,
} from '@forewarn/db';
import { buildHttpApp, listen, type HttpApp, type RunningServer } from '@forewarn/http';
import {
  createKafka,
  createProducer,
  verifyTopics,
  kafkaConfigFromEnv,
  stalledPartitions,
  type ConsumerHandle,
  type Producer,
  type TopicSpec,
} from '@forewarn/kafka';
import {
  createLogger,
  createMetricsRegistry,
  startTracing,
  traceOutboundFetch,
  type Logger,
  type Registry,
} from '@forewarn/observability';
import type { Admin, Kafka } from 'kafkajs';
import type pg from 'pg';
import type { z } from 'zod';
import type { ServiceTopics } from '@forewarn/contracts';
import { createClock } from './clock.js';
import {
  checkProduces,
  declaredTopicSpecs,
  startDeclaredConsumer,
  type DeclaredConsumerOptions,
} from './declared-consumer.js';
import { useConfiguredSchemaRegistry } from './schema-registry.js';
import { serviceEnv, type ServiceEnv } from './service-env.js';

/** What a service's wiring receives: every adapter already connected. */
export interface ServiceContext<E extends ServiceEnv = ServiceEnv> {
  name: string;
  config: E;
  logger: Logger;
  metrics: Registry;
  pool: pg.Pool;
  kafka: Kafka;
  producer: Producer;
  /** Applies KAFKA_TOPIC_PREFIX to a topic or consumer-group name. */
  topic: (name: string) => string;
  /** The clock every domain decision reads; tests and replays inject their own. */
  now: () => Date;
  /**
   * Starts the declared consumer `name` (see ServiceDefinition.declares): group, topics and
   * dead-letter topic from the declaration, prefixed; a topic it does not declare is refused.
   */
  consume<T>(name: string, opts: DeclaredConsumerOptions<T>): Promise<ConsumerHandle>;
}

/** Things a service starts that must be stopped, in reverse order, at shutdown. */
export interface Stoppable {
  stop(): Promise<void>;
}

export interface ServiceDefinition<S extends z.ZodType<ServiceEnv> = typeof serviceEnv> {
  name: string;
  version?: string;
  /** PostgreSQL schema the service owns; no other service touches it. */
  schema: string;
  env?: S;
  migrations: Migration[];
  /**
   * What this service reads (consumer groups and their topics) and writes, declared once in
   * @forewarn/contracts' SERVICE_TOPICS: its consumers subscribe from it (`ctx.consume`), the
   * outbox relay publishes nowhere else, and the AsyncAPI documents are generated from it.
   */
  declares?: ServiceTopics;
  /**
   * Topics this service needs besides those it declares (unprefixed names). The topology
   * command (`pnpm topics`) creates them; start-up only checks them, with the declared ones, and
   * refuses on a mismatch.
   */
  topics?: TopicSpec[];
  /** Start the outbox relay for `<schema>.outbox` (the table itself always exists). */
  outbox?: boolean;
  openapi?: { title: string; description: string };
  /** Registers feature plugins (routes) on the app. */
  routes?: (app: HttpApp, ctx: ServiceContext<z.infer<S>>) => Promise<void>;
  /** Starts consumers, timers and workers. */
  start?: (ctx: ServiceContext<z.infer<S>>) => Promise<(Stoppable | ConsumerHandle)[]>;
}

export interface RunningService<E extends ServiceEnv = ServiceEnv> {
  ctx: ServiceContext<E>;
  app: HttpApp;
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  now?: () => Date;
  logger?: Logger;
  /** Leave signal handling to the caller (tests). */
  handleSignals?: boolean;
}

function applyPrefix(prefix: string): (name: string) => string {
  return (name) => (prefix ? `${prefix}${name}` : name);
}

async function checkKafka(admin: Admin): Promise<void> {
  await admin.describeCluster();
}

/**
 * Not ready while a consumer holds a partition on a transient failure (its database or broker
 * away): the instance is alive and will resume by itself, but is not doing its work.
 */
async function checkConsumers(metrics: Registry): Promise<void> {
  const stalled = await stalledPartitions(metrics);
  if (stalled.length > 0) throw new Error(`waiting on a dependency: ${stalled.join(', ')}`);
}

/**
 * The composition root every service uses: config, logs, metrics, PostgreSQL (own schema,
 * migrations), Kafka (topics, producer), the outbox relay, the HTTP app and the service's own
 * consumers, stopped in reverse order on SIGTERM.
 */
export async function startService<S extends z.ZodType<ServiceEnv>>(
  def: ServiceDefinition<S>,
  opts: StartOptions = {},
): Promise<RunningService<z.infer<S>>> {
  const schema = (def.env ?? serviceEnv) as S;
  const config = loadConfig(schema, opts.env ?? process.env) as z.infer<S>;
  const logger = opts.logger ?? createLogger({ name: def.name, level: config.LOG_LEVEL });
  const metrics = createMetricsRegistry(def.name);
  const topic = applyPrefix(config.KAFKA_TOPIC_PREFIX);
  const stack: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stack.reverse()) {
      try {
        await stop();
      } catch (err) {
        logger.error({ err }, 'error during shutdown');
      }
    }
    stack.length = 0;
  };

  try {
    // Before any client is built: producers, consumers and the HTTP app read it at creation.
    const tracing = startTracing({
      serviceName: def.name,
      serviceVersion: def.version ?? '0.1.0',
      env: opts.env ?? process.env,
    });
    if (tracing.enabled) {
      traceOutboundFetch();
      logger.info({ serviceName: tracing.serviceName }, 'tracing on: exporting spans over OTLP');
    }
    // Stopped last, so the spans of the shutdown itself are exported too.
    stack.push(() => tracing.shutdown());
    const pool = createPool({
      databaseUrl: config.DATABASE_URL,
      max: config.DATABASE_POOL_MAX,
      applicationName: def.name,
      schema: def.schema,
      logger,
    });
    stack.push(() => pool.end());
    // Every service gets an inbox (idempotent consumption) and an outbox (events that follow
    // a write) ahead of its own migrations.
    const migrations: Migration[] = [
      { id: '0000_inbox', sql: inboxMigration(def.schema) },
      { id: '0000_outbox', sql: outboxMigration(def.schema) },
      // The relay reads the parking columns, so they come with the outbox (idempotent: services
      // that also list it as their own 9002 migration apply nothing twice).
      { id: '0000_outbox_parking', sql: outboxParkingMigration(def.schema) },
      ...def.migrations,
    ];
    await migrate(pool, { schema: def.schema, migrations, logger });
    await useConfiguredSchemaRegistry(config, logger);

    const kafka = createKafka(kafkaConfigFromEnv(config, def.name), logger);
    const admin = kafka.admin();
    await admin.connect();
    stack.push(() => admin.disconnect());
    const needed = [
      ...(def.declares ? declaredTopicSpecs(def.declares) : []),
      ...(def.topics ?? []),
    ];
    if (needed.length > 0) {
      await verifyTopics(
        admin,
        needed.map((t) => ({ ...t, name: topic(t.name) })),
      );
    }
    const producer = createProducer(kafka, { logger });
    await producer.connect();
    stack.push(() => producer.disconnect());

    const ctx: ServiceContext<z.infer<S>> = {
      name: def.name,
      config,
      logger,
      metrics,
      pool,
      kafka,
      producer,
      topic,
      now: opts.now ?? createClock(config),
      consume: (name, consumerOpts) => {
        if (!def.declares) throw new Error(`${def.name} declares no consumers`);
        return startDeclaredConsumer(
          { declares: def.declares, kafka, logger, metrics, producer, topic },
          name,
          consumerOpts,
        );
      },
    };

    if (def.outbox) {
      const relay: OutboxRelay = startOutboxRelay({
        pool,
        schema: def.schema,
        publisher: {
          send: async (t, messages) => {
            if (def.declares) checkProduces(def.declares, t);
            await producer.send(topic(t), messages);
          },
        },
        logger,
        pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
        registry: metrics,
        maxPublishAttempts: config.OUTBOX_MAX_PUBLISH_ATTEMPTS,
      });
      stack.push(() => relay.stop());
    }
    const pruner = startInboxPruner({ pool, schema: def.schema, logger });
    stack.push(() => pruner.stop());

    const app = await buildHttpApp({
      service: def.name,
      version: def.version ?? '0.1.0',
      logger,
      metrics,
      readiness: {
        postgres: async () => {
          const r = await pingDatabase(pool);
          if (!r.ok) throw new Error(r.error);
        },
        kafka: () => checkKafka(admin),
        consumers: () => checkConsumers(metrics),
      },
      openapi: def.openapi ?? { title: `Forewarn ${def.name}`, description: `${def.name} service` },
      security: {},
      auth: { keys: config.API_KEYS ?? [] },
    });
    if (def.routes) await def.routes(app, ctx);

    const workers = def.start ? await def.start(ctx) : [];
    for (const w of workers) stack.push(() => w.stop());

    const server: RunningServer = await listen(app, {
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      shutdownSignals: [],
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    });
    // Stop taking requests first, then consumers and workers, then the clients they use.
    stack.push(() => server.close());

    let stopping: Promise<void> | undefined;
    const stop = () => (stopping ??= stopAll());
    if (opts.handleSignals ?? true) {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          logger.info({ signal }, 'shutting down');
          const timer = setTimeout(() => {
            logger.error('shutdown took too long; exiting');
            process.exit(1);
          }, config.SHUTDOWN_TIMEOUT_MS + 5_000);
          timer.unref();
          void stop().then(() => process.exit(0));
        });
      }
    }
    logger.info({ url: server.url }, `${def.name} started`);
    return { ctx, app, url: server.url, stop };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
