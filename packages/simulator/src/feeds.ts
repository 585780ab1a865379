import type { Emission, SimEvent } from './emissions.js';
import type { NewEntry } from './ground-truth.js';
import { DAY, MINUTE, addDays, isWeekend, localDate, zonedTime } from './time.js';

/**
 * When sources are expected to talk: weekdays 09:00-17:00 in the distributor's zone. Silence is
 * counted inside these hours only, so a quiet night is not a stalled feed.
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
 * Every spell in which a source that has already been heard sends nothing for more than the
 * threshold inside its active hours: what a feed-health rule must find. `deliberate` marks
 * spells overlapping a silence we injected; the rest follow from a thin schedule.
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
      const [a, b] = [times[i] as number, times[i + 1] as number];
      if (b - a <= threshold) continue;
      const spell = activeIntervals(a, b).find(([s, e]) => e - s > threshold);
      if (!spell) continue;
      const silentFrom = spell[0];
      const deliberate = injected.some(
        (w) => w.sourceSystem === sourceSystem && w.from <= b && w.to >= a,
      );
      out.push({
        exceptionType: 'source_feed_stalled',
        variant: deliberate ? 'injected_silence' : 'thin_schedule',
        subject: { kind: 'source_system', id: sourceSystem },
        sourceSystem,
        injectedAt: silentFrom,
        detectableBy: silentFrom + threshold,
        deliberate,
        note: `nothing from ${sourceSystem} between ${new Date(a).toISOString()} and ${new Date(b).toISOString()}`,
      });
    }
  }
  return out;
}
