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
  /**
   * After a stall, how long (minutes, by its send times) the feed must keep sending without
   * stalling again before it counts as flowing again. A feed that trickles back and stalls
   * again meanwhile is one outage, not a new one per gap. Absent: `silentMinutes`.
   */
  settleMinutes?: number;
}

/** ERPs, WMSs and carriers send through the business day, New York time, Monday to Friday. */
export const DEFAULT_FEED_WATCH: FeedWatch = {
  silentMinutes: 60,
  activeHours: '09:00-17:00',
  timezone: 'America/New_York',
  days: [1, 2, 3, 4, 5],
  settleMinutes: 120,
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

/**
 * Inactive stretches nextActive found, per watch: no instant in [at, next) is active (`next` is
 * the first that is), so every instant there has the same answer. A detector judges each source
 * message of a night or weekend against the same stretch; this spares the calendar walk each time.
 */
const stretches = new WeakMap<FeedWatch, { from: number; next: number }[]>();
const STRETCHES_KEPT = 16;

/** The first active instant at or after `at` (a week ahead at most; null if the feed is never active). */
function nextActive(w: FeedWatch, at: Date): Date | null {
  if (isFeedActive(w, at)) return at;
  const t = at.getTime();
  const known = stretches.get(w)?.find((s) => s.from <= t && t < s.next);
  if (known) return new Date(known.next);
  const next = walkToActive(w, at);
  if (next) {
    const kept = stretches.get(w) ?? [];
    if (kept.length >= STRETCHES_KEPT) kept.shift();
    kept.push({ from: t, next: next.getTime() });
    stretches.set(w, kept);
  }
  return next;
}

function walkToActive(w: FeedWatch, at: Date): Date | null {
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

/** Where a feed stands after its latest send: when that was, and, while it is recovering from a
 * stall, since when it has been sending again. */
export interface FeedRun {
  lastAt?: Date;
  resumedAt?: Date;
}

export interface FeedStep {
  run: FeedRun;
  /** The send ended a stall: the instant that silence was flagged. */
  stalledAt?: Date;
  /** The send ends the outage: the feed has sent for the settle period without stalling again. */
  recovered: boolean;
}

const settleMsOf = (w: FeedWatch) => (w.settleMinutes ?? w.silentMinutes) * 60_000;

/**
 * One send of a feed, in send-time order. A silence past its flag instant is a stall; the
 * outage it starts lasts, through any further stalls, until the feed has sent again for
 * `settleMinutes` without stalling: only then is it over (the case resolves), so a feed that
 * flaps is one case, not one per gap. A send not after the latest moves nothing.
 */
export function feedStep(w: FeedWatch, run: FeedRun, sentAt: Date): FeedStep {
  if (run.lastAt && sentAt <= run.lastAt) return { run, recovered: false };
  const due = run.lastAt ? feedStalledAt(w, run.lastAt) : null;
  if (due !== null && due < sentAt) {
    const settled = settleMsOf(w) <= 0;
    return {
      run: settled ? { lastAt: sentAt } : { lastAt: sentAt, resumedAt: sentAt },
      stalledAt: due,
      recovered: settled,
    };
  }
  if (run.resumedAt && sentAt.getTime() - run.resumedAt.getTime() >= settleMsOf(w))
    return { run: { lastAt: sentAt }, recovered: true };
  return { run: { ...run, lastAt: sentAt }, recovered: false };
}

/** One outage of a feed: the stalls it went through, and the send that ended it (if any yet). */
export interface FeedOutage {
  stalls: Date[];
  recoveredAt?: Date;
}

/** The outages over a feed's sends (any order; judged in send-time order), as feedStep sees them. */
export function feedOutages(w: FeedWatch, sends: readonly Date[]): FeedOutage[] {
  const out: FeedOutage[] = [];
  let run: FeedRun = {};
  for (const sentAt of [...sends].sort((a, b) => +a - +b)) {
    const step = feedStep(w, run, sentAt);
    run = step.run;
    const current = out.at(-1);
    if (step.stalledAt) {
      if (current && current.recoveredAt === undefined) current.stalls.push(step.stalledAt);
      else out.push({ stalls: [step.stalledAt] });
    }
    if (step.recovered) out.at(-1)!.recoveredAt = sentAt;
  }
  return out;
}

/** A stall as the detector keeps it: the silence since `since`, ended by a send at `endedAt`. */
export interface FeedStall {
  since: Date;
  endedAt?: Date;
}

/**
 * The outage a stall belongs to, judged from the stalls alone, so it does not depend on the
 * order the sends arrived in: two consecutive stalls are one outage when the feed sent for less
 * than the settle period between them (the send ending the one to the last send before the
 * other), as feedStep judges them in send order. `settled`: the outage is over by `lastAt`.
 */
export function outageOfStall(
  w: FeedWatch,
  stalls: readonly FeedStall[],
  since: Date,
  lastAt: Date,
): { first: number; last: number; settled: boolean } | null {
  const i = stalls.findIndex((s) => +s.since === +since);
  if (i < 0) return null;
  const settle = settleMsOf(w);
  const joined = (a: FeedStall, b: FeedStall) =>
    a.endedAt !== undefined && +b.since - +a.endedAt < settle;
  let first = i;
  while (first > 0 && joined(stalls[first - 1]!, stalls[first]!)) first--;
  let last = i;
  while (last + 1 < stalls.length && joined(stalls[last]!, stalls[last + 1]!)) last++;
  const end = stalls[last]!.endedAt;
  return { first, last, settled: end !== undefined && +lastAt - +end >= settle };
}
