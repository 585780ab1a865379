import { isFeedActive, isFeedStalled, type FeedWatch } from '@forewarn/domain';
export interface FeedPolicy {
  stallMinutes: number;
  /** "06:00-20:00" in `timezone`; "00:00-24:00" is always active. An end before the start spans midnight. */
  activeHours: string;
  timezone: string;
  /** ISO weekdays the feed is expected to send on (1 = Monday). */
  days: number[];
}

export interface FeedStats {
  source: string;
  lastOccurredAt: Date | null;
  lastReceivedAt: Date | null;
  eventsTotal: number;
  rejectsTotal: number;
  dlqTotal: number;
  /** Events received in the rate window. */
  recentEvents: number;
}

/** The stats of a feed nobody has heard from yet. */
export function emptyStats(source: string): FeedStats {
  return {
    source,
    lastOccurredAt: null,
    lastReceivedAt: null,
    eventsTotal: 0,
    rejectsTotal: 0,
    dlqTotal: 0,
    recentEvents: 0,
  };
}

export interface FeedView {
  source: string;
  lastOccurredAt: string | null;
  lastReceivedAt: string | null;
  eventsTotal: number;
  rejectsTotal: number;
  dlqTotal: number;
  eventsPerMinute: number;
  /** Rejected (at the edge or dead-lettered downstream) over everything seen. */
  rejectRate: number;
  activeNow: boolean;
  silentMinutes: number | null;
  stalled: boolean;
  stallMinutes: number;
}

/** The ingestion's per-source policy in the shared definition's terms. */
const watchOf = (p: FeedPolicy): FeedWatch => ({
  silentMinutes: p.stallMinutes,
  activeHours: p.activeHours,
  timezone: p.timezone,
  days: p.days,
});

/** Whether `now` falls in the feed's active hours and days, in its own time zone. */
export const isActive = (policy: FeedPolicy, now: Date): boolean =>
  isFeedActive(watchOf(policy), now);

/**
 * What the feed-health API reports for one source. Silence is measured from the last *received*
 * event (a late, old event still proves the feed is alive); a feed that was never heard from is
 * stalled as soon as it is expected to be active.
 */
export function feedView(
  stats: FeedStats,
  policy: FeedPolicy,
  now: Date,
  rateWindowMinutes: number,
): FeedView {
  const activeNow = isActive(policy, now);
  const silentMinutes =
    stats.lastReceivedAt === null
      ? null
      : Math.max(0, Math.floor((now.getTime() - stats.lastReceivedAt.getTime()) / 60_000));
  // One definition of stalled (@forewarn/domain), the one the detector's feed case uses too.
  const stalled = isFeedStalled(watchOf(policy), stats.lastReceivedAt, now);
  const rejected = stats.rejectsTotal + stats.dlqTotal;
  const seen = stats.eventsTotal + stats.rejectsTotal;
  return {
    source: stats.source,
    lastOccurredAt: stats.lastOccurredAt?.toISOString() ?? null,
    lastReceivedAt: stats.lastReceivedAt?.toISOString() ?? null,
    eventsTotal: stats.eventsTotal,
    rejectsTotal: stats.rejectsTotal,
    dlqTotal: stats.dlqTotal,
    eventsPerMinute: Math.round((stats.recentEvents / rateWindowMinutes) * 100) / 100,
    rejectRate: seen === 0 ? 0 : Math.round((rejected / seen) * 10_000) / 10_000,
    activeNow,
    silentMinutes,
    stalled,
    stallMinutes: policy.stallMinutes,
  };
}
