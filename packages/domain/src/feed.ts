import { DateTime } from 'luxon';
import { zoneOf } from './calendar/cached-zone.js';

/**
 * When a source feed counts as stalled: silent for `silentMinutes` (wall clock, nights
 * included), judged only inside its active hours, so a quiet night or weekend is not a stall.
 * The one definition: the ingestion service's feed-health view and the detector's feed case
 * both read it, with the same defaults.
 */
export interface FeedWatch {
  silentMinutes: number;
  /** 'HH:mm-HH:mm' local; '00:00-24:00' is always active; an end before the start spans midnight. */
  activeHours: string;
  timezone: string;
  /** ISO weekdays the feed is expected to send on (1 = Monday). */
  days: readonly number[];
}

/** ERPs, WMSs and carriers send through the business day, New York time, Monday to Friday. */
export const DEFAULT_FEED_WATCH: FeedWatch = {
  silentMinutes: 60,
  activeHours: '09:00-17:00',
  timezone: 'America/New_York',
  days: [1, 2, 3, 4, 5],
};

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};
const windowOf = (w: FeedWatch) => w.activeHours.split('-').map(toMinutes) as [number, number];

/** Whether the instant falls inside the feed's active hours and days, in its own zone. */
export function isFeedActive(w: FeedWatch, at: Date): boolean {
  const t = DateTime.fromJSDate(at, { zone: zoneOf(w.timezone) });
  if (!w.days.includes(t.weekday)) return false;
  const minutes = t.hour * 60 + t.minute;
  const [from, to] = windowOf(w);
  return from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

/** The first active instant at or after `at` (a week ahead at most; null if the feed is never active). */
function nextActive(w: FeedWatch, at: Date): Date | null {
  if (isFeedActive(w, at)) return at;
  const [from, to] = windowOf(w);
  const day = DateTime.fromJSDate(at, { zone: zoneOf(w.timezone) }).startOf('day');
  const candidates: Date[] = [];
  for (let d = 0; d <= 8; d++) {
    const start = day.plus({ days: d });
    candidates.push(start.plus({ minutes: from }).toJSDate());
    if (from > to) candidates.push(start.toJSDate()); // the part of a window that spans midnight
  }
  return candidates.filter((c) => c >= at && isFeedActive(w, c)).sort((a, b) => +a - +b)[0] ?? null;
}

/** The instant a silence since `lastAt` becomes a stall: long enough, and inside active hours. */
export function feedStalledAt(w: FeedWatch, lastAt: Date): Date | null {
  return nextActive(w, new Date(lastAt.getTime() + w.silentMinutes * 60_000));
}

/** Stalled now: never heard from while active, or silent past the instant above. */
export function isFeedStalled(w: FeedWatch, lastAt: Date | null, now: Date): boolean {
  if (lastAt === null) return isFeedActive(w, now);
  const due = feedStalledAt(w, lastAt);
  return due !== null && now >= due;
}
