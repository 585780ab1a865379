import { serviceEnv } from '@forewarn/runtime';
import { z } from 'zod';
import { consoleUpstreamsEnv } from './console/upstream-routes.js';
import { crmTargetsEnv } from './crm/targets.js';
import {
  defaultPolicy,
  policyFor,
  type DetectorPolicy,
  type PolicyOverrides,
} from './domain/policy.js';

export const detectorEnv = serviceEnv.extend({
  /** Consumer group (unprefixed) the detector's consumers are named after; a new one replays every topic. */
  DETECTOR_CONSUMER_GROUP: z.string().min(1).default('exception-detector'),
  /**
   * Partitions whose batches run at once, each in its own transaction (the batch's advisory
   * locks keep them from deciding on the same order, customer, SKU or feed). Their PostgreSQL
   * round trips overlap; keep it below DATABASE_POOL_MAX, which the poller, relay and routes share.
   */
  DETECTOR_PARTITIONS_CONCURRENTLY: z.coerce.number().int().positive().default(4),
  /** How often the timer poller looks for due timers (late shipment, overdue return, stalled feed, SLA). */
  TIMER_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  /**
   * Wall-clock milliseconds an absence timer (late shipment, stalled feed, overdue return) waits
   * past its deadline before it judges: the consumer lag it tolerates. On a sped-up clock it is
   * scaled by CLOCK_SPEED, since the pipeline's lag is wall time. A timer armed already past its
   * deadline (a backfilled order) waits as long after it was armed.
   */
  DETECTOR_TIMER_GRACE_MS: z.coerce.number().int().min(0).default(3_000),
  /**
   * Wall-clock milliseconds with every source partition read and nothing new before the sources
   * count as quiet, and absence timers stop waiting for the source watermark. Long enough that a
   * sender starved for a few seconds is not taken for a quiet one.
   */
  DETECTOR_SOURCE_IDLE_MS: z.coerce.number().int().min(0).default(10_000),
  /** JSON object: policy overrides (thresholds, SLA targets, calendars, remedy policy). */
  DETECTOR_POLICY_OVERRIDES: z
    .string()
    .default('{}')
    .transform((s, ctx) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(s);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'DETECTOR_POLICY_OVERRIDES must be JSON' });
        return z.NEVER;
      }
      // An unknown key would be ignored: most likely the former per-tenant form ({"default": …}).
      const unknown = Object.keys(parsed ?? {}).filter((k) => !Object.hasOwn(defaultPolicy, k));
      if (
        typeof parsed !== 'object' ||
        parsed === null ||
        Array.isArray(parsed) ||
        unknown.length
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `DETECTOR_POLICY_OVERRIDES must be an object of policy fields (unknown: ${unknown.join(', ')})`,
        });
        return z.NEVER;
      }
      return parsed as PolicyOverrides;
    }),
  /** JSON array: CRM targets (webhook, salesforce, zendesk); see src/crm/targets.ts. */
  CRM_TARGETS: crmTargetsEnv,
  /** JSON object: service name → base URL the console reaches it at (see console/upstream-routes.ts). */
  CONSOLE_UPSTREAMS: consoleUpstreamsEnv,
  /** How often the CRM sync worker looks for jobs to send. */
  CRM_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  /** Send attempts before a CRM job is dead (the first send counts). */
  CRM_MAX_ATTEMPTS: z.coerce.number().int().positive().default(8),
  /** Backoff of the first retry of a failed CRM send; it grows exponentially, jittered, up to CRM_BACKOFF_MAX_MS. */
  CRM_BACKOFF_INITIAL_MS: z.coerce.number().int().positive().default(2_000),
  /** Longest wait between two attempts of one CRM job. */
  CRM_BACKOFF_MAX_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
});

export type DetectorEnv = z.infer<typeof detectorEnv>;

export const detectorPolicy = (config: DetectorEnv): DetectorPolicy =>
  policyFor(config.DETECTOR_POLICY_OVERRIDES);

/** The timer grace in sim milliseconds. */
export const timerGraceMs = (config: DetectorEnv): number =>
  config.DETECTOR_TIMER_GRACE_MS * config.CLOCK_SPEED;

// When a source sent a message (its stated send time, else the Kafka create time on the shared
// clock): one definition with the source watermark, in @forewarn/runtime.
export { SENT_AT_HEADER, sentAtOf, writtenAtOf } from '@forewarn/runtime';

export const crmRetryPolicy = (config: DetectorEnv) => ({
  maxAttempts: config.CRM_MAX_ATTEMPTS,
  backoff: {
    initialMs: config.CRM_BACKOFF_INITIAL_MS,
    maxMs: config.CRM_BACKOFF_MAX_MS,
    factor: 2,
  },
});
