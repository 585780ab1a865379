import type { IngestionEnv } from './config.js';
import type { FeedPolicy } from './domain/feed-status.js';

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
