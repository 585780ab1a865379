import { deadLetterTopic, SERVICE_TOPICS } from '@forewarn/contracts';
import { loadMappingTables } from '@forewarn/edi';
import type { ServiceContext, ServiceDefinition } from '@forewarn/runtime';
import { startPoller } from '@forewarn/platform';
import { ingestionEnv, type IngestionEnv } from './config.js';
import { feedHealthHandler } from './consumers/feed-health.js';
import { pruneFeedMinutes, readFeedStats } from './db/feed-health.js';
import { migrations } from './db/migrations.js';
import { feedMetrics, type FeedMetrics } from './feed-metrics.js';
import { deadLetterRoutes } from './routes/dead-letters.js';
import { contractRoutes } from './routes/docs.js';
import { ediRoutes } from './routes/edi.js';
import { ediInterchangeRoutes } from './routes/edi-interchanges.js';
import { eventsRoutes } from './routes/events.js';
import { feedRoutes } from './routes/feeds.js';
import { sourceAuth } from './routes/source-auth.js';
import { webhookRoutes } from './routes/webhook.js';

const DECLARED = SERVICE_TOPICS.ingestion;
export const FEED_GROUP = DECLARED.consumers.feedHealth.group;

// Routes and consumers of one running instance share its feed metrics.
const metricsOf = new WeakMap<object, FeedMetrics>();
function feedOf(ctx: ServiceContext<IngestionEnv>): FeedMetrics {
  let m = metricsOf.get(ctx.metrics);
  if (!m) {
    m = feedMetrics(ctx.metrics);
    metricsOf.set(ctx.metrics, m);
  }
  return m;
}

export const ingestionService: ServiceDefinition<typeof ingestionEnv> = {
  name: 'ingestion',
  schema: 'ingestion',
  env: ingestionEnv,
  migrations,
  outbox: true,
  // Its doors publish every source topic; its feed-health consumer reads them back.
  declares: DECLARED,
  openapi: {
    title: 'Forewarn ingestion service',
    description:
      'Entry point for source systems that cannot produce to Kafka: canonical JSON batches, carrier webhooks and EDI X12 (214, 856), ' +
      'authenticated per source system, idempotent by source event id. Also serves the event contract (AsyncAPI, JSON Schema) and feed health.',
  },
  async routes(app, ctx) {
    const tables = loadMappingTables(ctx.config.EDI_MAPPING_DIR);
    const feed = feedOf(ctx);
    feed.seed(await readFeedStats(ctx.pool, ctx.now()));
    const deps = {
      pool: ctx.pool,
      now: ctx.now,
      feed,
      sentAtToleranceMs: ctx.config.HMAC_TOLERANCE_SECONDS * 1000,
    };
    const keys = ctx.config.API_KEYS ?? [];
    await app.register(contractRoutes);
    await app.register(async (scope) => {
      await sourceAuth(scope, {
        keys,
        secrets: ctx.config.SOURCE_HMAC_SECRETS,
        toleranceSeconds: ctx.config.HMAC_TOLERANCE_SECONDS,
        now: ctx.now,
      });
      await scope.register(eventsRoutes, { ...deps, maxEvents: ctx.config.MAX_BATCH_EVENTS });
      await scope.register(ediRoutes, { ...deps, tables });
    });
    // Aggregators sign with schemes of their own, so their webhooks sit outside the source-key scope.
    await app.register(webhookRoutes, {
      ...deps,
      secrets: ctx.config.SOURCE_HMAC_SECRETS,
      toleranceSeconds: ctx.config.HMAC_TOLERANCE_SECONDS,
      mappingDir: ctx.config.EDI_MAPPING_DIR,
    });
    await app.register(feedRoutes, { pool: ctx.pool, config: ctx.config, now: ctx.now });
    await app.register(ediInterchangeRoutes, { pool: ctx.pool });
    await app.register(deadLetterRoutes, {
      kafka: ctx.kafka,
      topicPrefix: ctx.config.KAFKA_TOPIC_PREFIX,
      groups: ctx.config.FEED_DLQ_GROUPS,
    });
  },
  async start(ctx) {
    const dlqTopics = ctx.config.FEED_DLQ_GROUPS.map((g) => ctx.topic(deadLetterTopic(g)));
    // The other services' DLQs are in the contract's topology, created before any service starts.
    const dlqSet = new Set(dlqTopics);
    const consumer = await ctx.consume('feedHealth', {
      topics: [
        ...DECLARED.consumers.feedHealth.topics,
        ...ctx.config.FEED_DLQ_GROUPS.map(deadLetterTopic),
      ],
      partitionsConsumedConcurrently: 3,
      maxWaitTimeInMs: ctx.config.CONSUMER_MAX_WAIT_MS,
      minBytes: ctx.config.CONSUMER_MIN_BYTES,
      handleBatch: feedHealthHandler({
        pool: ctx.pool,
        feed: feedOf(ctx),
        isDeadLetterTopic: (t) => dlqSet.has(t),
      }),
    });
    const prune = startPoller({
      name: 'pruning feed minutes',
      intervalMs: 10 * 60_000,
      tick: () => pruneFeedMinutes(ctx.pool, new Date(ctx.now().getTime() - 2 * 60 * 60_000)),
      logger: ctx.logger,
    });
    return [consumer, prune];
  },
};
