import { DEFAULT_FEED_WATCH } from '@forewarn/domain';
import { csvList } from '@forewarn/config';
import { serviceEnv } from '@forewarn/runtime';
import { z } from 'zod';
import type { FeedPolicy } from './domain/feed-status.js';

function jsonOf<T extends z.ZodType>(schema: T, what: string) {
  return z
    .string()
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be JSON: ${what}` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM-HH:MM');

export const feedPolicySchema = z.object({
  stallMinutes: z.number().int().positive().optional(),
  activeHours: hhmm.optional(),
  timezone: z.string().optional(),
  /** ISO weekdays, 1 = Monday. */
  days: z.array(z.number().int().min(1).max(7)).optional(),
});
export type FeedPolicyOverride = z.infer<typeof feedPolicySchema>;

export const ingestionEnv = serviceEnv.extend({
  /** {"carrier:ups": "<secret>"}: per-source secrets for HMAC-signed requests. */
  SOURCE_HMAC_SECRETS: jsonOf(
    z.record(z.string(), z.string().min(16)),
    '{"source": "secret"}',
  ).default({}),
  /** How old a signed request's timestamp may be (either way) before it is refused as a replay. */
  HMAC_TOLERANCE_SECONDS: z.coerce.number().int().positive().default(300),
  /** Directory of mapping tables replacing the ones shipped with @forewarn/edi. */
  EDI_MAPPING_DIR: z.string().optional(),
  /** Events one POST /v1/events batch may carry; a larger batch is refused whole. */
  MAX_BATCH_EVENTS: z.coerce.number().int().positive().default(1000),
  // Defaults: the one definition of a stalled feed (@forewarn/domain), shared with the detector.
  /** Minutes without an event, within active hours, before a source feed counts as stalled. */
  FEED_STALL_MINUTES: z.coerce.number().int().positive().default(DEFAULT_FEED_WATCH.silentMinutes),
  /** Hours (HH:MM-HH:MM, in FEED_TIMEZONE) when sources are expected to send. */
  FEED_ACTIVE_HOURS: hhmm.default(DEFAULT_FEED_WATCH.activeHours),
  /** IANA time zone of FEED_ACTIVE_HOURS and FEED_ACTIVE_DAYS. */
  FEED_TIMEZONE: z.string().default(DEFAULT_FEED_WATCH.timezone),
  /** ISO weekdays (1 = Monday), comma-separated, when sources are expected to send. */
  FEED_ACTIVE_DAYS: csvList.default(DEFAULT_FEED_WATCH.days.map(String)),
  /** Minutes over which feed health reports a source's events per minute. */
  FEED_RATE_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  /** JSON object: source system → its own stallMinutes, activeHours, timezone or days. */
  FEED_POLICIES: jsonOf(z.record(z.string(), feedPolicySchema), '{"source": {policy}}').default({}),
  /** Consumer groups whose dead-letter topics count as rejects of the event's source. */
  FEED_DLQ_GROUPS: csvList.default(['order', 'shipment', 'exception-detector', 'notification']),
});

export type IngestionEnv = z.infer<typeof ingestionEnv>;

/** The policy of one source: the global defaults, overridden by its FEED_POLICIES entry. */
export function policyFor(config: IngestionEnv, source: string): FeedPolicy {
  const own = config.FEED_POLICIES[source] ?? {};
  return {
    stallMinutes: own.stallMinutes ?? config.FEED_STALL_MINUTES,
    activeHours: own.activeHours ?? config.FEED_ACTIVE_HOURS,
    timezone: own.timezone ?? config.FEED_TIMEZONE,
    days: own.days ?? config.FEED_ACTIVE_DAYS.map(Number),
  };
}
