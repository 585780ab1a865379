import { serviceEnv } from '@forewarn/runtime';
import { z } from 'zod';
import { crmTargetsEnv } from './crm/targets.js';
import { policyFor, type PolicyOverrides, type TenantPolicy } from './domain/policy.js';

export const detectorEnv = serviceEnv.extend({
  DETECTOR_CONSUMER_GROUP: z.string().min(1).default('exception-detector'),
  TIMER_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  /** JSON object: tenantId → policy overrides (thresholds, SLA targets, calendars, remedy policy). */
  DETECTOR_POLICY_OVERRIDES: z
    .string()
    .default('{}')
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as Record<string, PolicyOverrides>;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'DETECTOR_POLICY_OVERRIDES must be JSON' });
        return z.NEVER;
      }
    }),
  /** JSON object: tenantId → CRM targets (webhook, salesforce, zendesk); see src/crm/targets.ts. */
  CRM_TARGETS: crmTargetsEnv,
  CRM_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  /** Send attempts before a CRM job is dead (the first send counts). */
  CRM_MAX_ATTEMPTS: z.coerce.number().int().positive().default(8),
  CRM_BACKOFF_INITIAL_MS: z.coerce.number().int().positive().default(2_000),
  CRM_BACKOFF_MAX_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
});

export type DetectorEnv = z.infer<typeof detectorEnv>;

export const policyResolver =
  (config: DetectorEnv) =>
  (tenantId: string): TenantPolicy =>
    policyFor(tenantId, config.DETECTOR_POLICY_OVERRIDES);

export const crmRetryPolicy = (config: DetectorEnv) => ({
  maxAttempts: config.CRM_MAX_ATTEMPTS,
  backoff: {
    initialMs: config.CRM_BACKOFF_INITIAL_MS,
    maxMs: config.CRM_BACKOFF_MAX_MS,
    factor: 2,
  },
});
