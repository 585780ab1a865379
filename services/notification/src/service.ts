import { readRecord, SERVICE_TOPICS } from '@forewarn/contracts';
import type { ServiceDefinition, Stoppable } from '@forewarn/runtime';
import { notificationEnv } from './config.js';
import { CONSUMER, handleDomainEvents } from './consumers/domain-events.js';
import { migrations } from './db/migrations.js';
import type { SendGroup } from './db/claim.js';
import { startDeliveryLoop, type DeliveryLoop } from './delivery/loop.js';
import { createDeliveryWorker } from './delivery/worker.js';
import { providersFromConfig, type Providers } from './providers.js';
import { callbackRoutes } from './routes/callbacks.js';
import { noticeRoutes } from './routes/notices.js';
import { preferencesRoutes } from './routes/preferences.js';
import { loadSeedFile } from './seed.js';
import { DEFAULT_TEMPLATES_DIR, loadTemplates } from './templates/template-store.js';
import { trackingConfig } from './tracking/config.js';
import { linkMinter } from './tracking/links.js';
import { trackingRoutes } from './tracking/routes.js';

export interface NotificationOptions {
  /** Replace channel adapters (tests); unset channels use the configured ones. */
  providers?: Providers;
  random?: () => number;
  /** Test seam between a provider accepting a message and the outcome being recorded. */
  afterSend?: (group: SendGroup) => Promise<void>;
}

export function createNotificationService(
  opts: NotificationOptions = {},
): ServiceDefinition<typeof notificationEnv> {
  return {
    name: 'notification',
    schema: 'notifications',
    env: notificationEnv,
    migrations,
    // The domain topics whose events may call for a customer notice, and its outcomes' topic.
    declares: SERVICE_TOPICS.notification,
    outbox: true,
    openapi: {
      title: 'Forewarn notification service',
      description:
        'Tells customers about their orders, shipments and exceptions by email, SMS and signed webhooks; ' +
        'contact preferences, delivery log, resend and the proactivity record.',
    },
    routes: async (app, ctx) => {
      const { config } = ctx;
      await app.register(preferencesRoutes(ctx.pool, config.WEBHOOK_ALLOWED_TARGETS));
      await app.register(noticeRoutes(ctx.pool, ctx.now));
      await app.register(
        callbackRoutes(ctx.pool, ctx.now, {
          ...(config.TWILIO_AUTH_TOKEN ? { authToken: config.TWILIO_AUTH_TOKEN } : {}),
          ...(config.TWILIO_STATUS_CALLBACK_URL
            ? { callbackUrl: config.TWILIO_STATUS_CALLBACK_URL }
            : {}),
        }),
      );
      const tracking = trackingConfig(config);
      if (tracking)
        await app.register(
          trackingRoutes({
            pool: ctx.pool,
            now: ctx.now,
            config: tracking,
            templatesDir: config.TEMPLATES_DIR ?? DEFAULT_TEMPLATES_DIR,
          }),
        );
    },
    start: async (ctx) => {
      const { config } = ctx;
      if (config.NOTIFICATION_SEED_FILE) {
        const n = await loadSeedFile(ctx.pool, config.NOTIFICATION_SEED_FILE);
        ctx.logger.info(
          { contacts: n, file: config.NOTIFICATION_SEED_FILE },
          'seed contacts loaded',
        );
      }
      // The delivery loop starts after the consumer (and stops before it): a wake before then
      // has nothing to wake, and the loop's first pass claims what was committed meanwhile.
      const delivery: { loop?: DeliveryLoop } = {};
      const consumer = await ctx.consume('notices', {
        decode: readRecord,
        handleBatch: handleDomainEvents(
          ctx.pool,
          ctx.now,
          linkMinter(trackingConfig(config), ctx.now),
          (channels) => delivery.loop?.wake(channels),
        ),
        maxWaitTimeInMs: ctx.config.CONSUMER_MAX_WAIT_MS,
        minBytes: ctx.config.CONSUMER_MIN_BYTES,
      });
      const configured = providersFromConfig(config, ctx.pool, ctx.now);
      // The email provider keeps SMTP connections open for the next mail: closed on stop.
      const providers: Stoppable = {
        stop: async () => {
          for (const p of Object.values(configured)) (p as { close?: () => void }).close?.();
        },
      };
      const worker = createDeliveryWorker({
        pool: ctx.pool,
        logger: ctx.logger,
        now: ctx.now,
        ...(opts.random ? { random: opts.random } : {}),
        providers: { ...configured, ...opts.providers },
        templates: loadTemplates(config.TEMPLATES_DIR),
        policy: {
          maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
          attemptsPerChannel: config.DELIVERY_ATTEMPTS_PER_CHANNEL,
          backoff: {
            initialMs: config.DELIVERY_BACKOFF_INITIAL_MS,
            maxMs: config.DELIVERY_BACKOFF_MAX_MS,
            factor: 2,
          },
        },
        rateLimits: {
          email: {
            ratePerSecond: config.RATE_EMAIL_PER_SECOND,
            burst: config.RATE_EMAIL_PER_SECOND * 2,
          },
          sms: { ratePerSecond: config.RATE_SMS_PER_SECOND, burst: config.RATE_SMS_PER_SECOND * 2 },
          webhook: {
            ratePerSecond: config.RATE_WEBHOOK_PER_SECOND,
            burst: config.RATE_WEBHOOK_PER_SECOND * 2,
          },
        },
        leaseMs: config.DELIVERY_LEASE_MS,
        timeoutsMs: {
          email: config.DELIVERY_TIMEOUT_EMAIL_MS,
          sms: config.DELIVERY_TIMEOUT_SMS_MS,
          webhook: config.DELIVERY_TIMEOUT_WEBHOOK_MS,
        },
        batchSize: config.DELIVERY_BATCH_SIZE,
        concurrency: config.DELIVERY_CONCURRENCY,
        ...(opts.afterSend ? { afterSend: opts.afterSend } : {}),
        dueNow: (channels) => delivery.loop?.wake(channels),
      });
      const loop = startDeliveryLoop(worker, {
        pollMs: config.DELIVERY_POLL_MS,
        logger: ctx.logger,
      });
      delivery.loop = loop;
      // Stopped in reverse: the delivery loop first, then the providers, then the consumer.
      return [consumer, providers, loop];
    },
  };
}

export const notificationsService = createNotificationService();
export { CONSUMER };
