import { serviceEnv } from '@forewarn/runtime';
import { z } from 'zod';
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
});

export type DetectorEnv = z.infer<typeof detectorEnv>;

export const policyResolver =
  (config: DetectorEnv) =>
  (tenantId: string): TenantPolicy =>
    policyFor(tenantId, config.DETECTOR_POLICY_OVERRIDES);
