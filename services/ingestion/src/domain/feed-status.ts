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

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function localClock(now: Date, timezone: string): { weekday: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    weekday: WEEKDAYS[part('weekday')] ?? 0,
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Whether `now` falls in the feed's active hours and days, in its own time zone. */
export function isActive(policy: FeedPolicy, now: Date): boolean {
  const { weekday, minutes } = localClock(now, policy.timezone);
  if (!policy.days.includes(weekday)) return false;
  const [from, to] = policy.activeHours.split('-').map(toMinutes) as [number, number];
  return from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

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
  const stalled = activeNow && (silentMinutes === null || silentMinutes >= policy.stallMinutes);
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
