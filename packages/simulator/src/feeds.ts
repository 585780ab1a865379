import type { Emission, SimEvent } from './emissions.js';
import type { NewEntry } from './ground-truth.js';
import { DAY, MINUTE, addDays, isWeekend, localDate, zonedTime } from './time.js';

/**
 * When sources are expected to talk: weekdays 09:00-17:00 in the distributor's zone. A feed is only
 * flagged inside these hours, so a quiet night is not a stalled feed.
 */
export const ACTIVE_HOURS = { timezone: 'America/New_York', from: 9, to: 17 } as const;

export function activeIntervals(from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  const tz = ACTIVE_HOURS.timezone;
  for (let date = localDate(from - DAY, tz); zonedTime(date, 0, tz) < to; date = addDays(date, 1)) {
    if (isWeekend(date)) continue;
    const start = zonedTime(date, ACTIVE_HOURS.from, tz);
    const end = zonedTime(date, ACTIVE_HOURS.to, tz);
    if (end > from && start < to) out.push([Math.max(start, from), Math.min(end, to)]);
  }
  return out;
}

/**
 * The source goes silent for [from, to): what it would have sent is held back and sent in one
 * burst when it recovers, with the original occurredAt (a backlog).
 */
export function silenceSource(
  events: SimEvent[],
  sourceSystem: string,
  from: number,
  to: number,
): number {
  let held = 0;
  for (const e of events) {
    if (e.event.sourceSystem === sourceSystem && e.emitAt >= from && e.emitAt < to) {
      e.emitAt = to + held++;
      e.delivery = 'backlog';
    }
  }
  return held;
}

/**
 * Every spell in which a source that has been heard stays silent long enough to be flagged: the
 * first instant inside active hours at which the last message is at least the threshold old,
 * before the next message arrives (the ingestion service's feed-health rule). `deliberate`
 * marks spells overlapping a silence we injected; the rest follow from a thin schedule.
 */
export function silentSpells(
  emissions: readonly Emission[],
  window: { start: number; end: number },
  thresholdMinutes: number,
  injected: readonly { sourceSystem: string; from: number; to: number }[],
): NewEntry[] {
  const threshold = thresholdMinutes * MINUTE;
  const bySource = new Map<string, number[]>();
  for (const e of emissions) {
    if (e.kind !== 'event') continue;
    const list = bySource.get(e.event.sourceSystem) ?? [];
    // History sent in a burst at the start reaches consumers at the start.
    list.push(Math.max(e.emitAt, window.start));
    bySource.set(e.event.sourceSystem, list);
  }
  const out: NewEntry[] = [];
  for (const [sourceSystem, times] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    times.sort((a, b) => a - b);
    times.push(window.end);
    for (let i = 0; i + 1 < times.length; i++) {
      const [last, next] = [times[i] as number, times[i + 1] as number];
      if (next - last < threshold) continue;
      const flaggedAt = activeIntervals(last + threshold, next)
        .map(([s, e]) => [Math.max(s, last + threshold), e] as const)
        .find(([t, e]) => t < e && t < next)?.[0];
      if (flaggedAt === undefined) continue;
      const deliberate = injected.some(
        (w) => w.sourceSystem === sourceSystem && w.from <= next && w.to >= last,
      );
      out.push({
        exceptionType: 'source_feed_stalled',
        variant: deliberate ? 'injected_silence' : 'thin_schedule',
        subject: { kind: 'source_system', id: sourceSystem },
        sourceSystem,
        injectedAt: last,
        detectableBy: flaggedAt,
        deliberate,
        note: `nothing from ${sourceSystem} between ${new Date(last).toISOString()} and ${new Date(next).toISOString()}`,
      });
    }
  }
  return out;
}

/** The ingestion service settings under which its feed-health rule matches this ground truth. */
export function ingestionFeedEnv(thresholdMinutes: number): Record<string, string> {
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return {
    FEED_STALL_MINUTES: String(thresholdMinutes),
    FEED_ACTIVE_HOURS: `${hh(ACTIVE_HOURS.from)}-${hh(ACTIVE_HOURS.to)}`,
    FEED_TIMEZONE: ACTIVE_HOURS.timezone,
    FEED_ACTIVE_DAYS: '1,2,3,4,5',
  };
}
