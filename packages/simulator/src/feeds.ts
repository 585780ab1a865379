import {
  DEFAULT_FEED_WATCH,
  feedStalledAt,
  outageOfStall,
  type FeedStall,
  type FeedWatch,
} from '@forewarn/domain';
import type { Emission, SimEvent } from './emissions.js';
import type { NewEntry } from './ground-truth.js';

/**
 * When sources are expected to talk: weekdays 09:00-17:00 in the distributor's zone. A feed is only
 * flagged inside these hours, so a quiet night is not a stalled feed.
 */
export const ACTIVE_HOURS = { timezone: 'America/New_York', from: 9, to: 17 } as const;

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

/** The feed watch of the services (the one rule, @forewarn/domain) at the simulator's threshold. */
export function simulatedFeedWatch(thresholdMinutes: number): FeedWatch {
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return {
    ...DEFAULT_FEED_WATCH,
    silentMinutes: thresholdMinutes,
    activeHours: `${hh(ACTIVE_HOURS.from)}-${hh(ACTIVE_HOURS.to)}`,
    timezone: ACTIVE_HOURS.timezone,
    days: [1, 2, 3, 4, 5],
  };
}

/**
 * Every outage of a source that has been heard, as the services judge it (@forewarn/domain's
 * feed rule): a silence becomes a stall at the first instant inside active hours at which the
 * last message is at least the threshold old, and stalls the feed does not settle between (it
 * sent again for less than the settle period) are one outage, one case. The window's end counts
 * as a send, so a silence still running then is flagged. `deliberate` marks outages overlapping
 * a silence we injected; the rest follow from a thin schedule.
 */
export function silentSpells(
  emissions: readonly Emission[],
  window: { start: number; end: number },
  thresholdMinutes: number,
  injected: readonly { sourceSystem: string; from: number; to: number }[],
): NewEntry[] {
  const watch = simulatedFeedWatch(thresholdMinutes);
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
    const stalls: (FeedStall & { flaggedAt: number })[] = [];
    for (let i = 0; i + 1 < times.length; i++) {
      const [last, next] = [times[i] as number, times[i + 1] as number];
      const flaggedAt = feedStalledAt(watch, new Date(last))?.getTime();
      if (flaggedAt !== undefined && flaggedAt < next)
        stalls.push({ since: new Date(last), endedAt: new Date(next), flaggedAt });
    }
    for (const stall of stalls) {
      const outage = outageOfStall(watch, stalls, stall.since, new Date(window.end));
      if (!outage || stalls[outage.first] !== stall) continue;
      const spells = stalls.slice(outage.first, outage.last + 1);
      const [from, to] = [+stall.since, +(spells.at(-1)!.endedAt as Date)];
      const deliberate = injected.some(
        (w) => w.sourceSystem === sourceSystem && w.from <= to && w.to >= from,
      );
      out.push({
        exceptionType: 'source_feed_stalled',
        variant: deliberate ? 'injected_silence' : 'thin_schedule',
        subject: { kind: 'source_system', id: sourceSystem },
        sourceSystem,
        injectedAt: from,
        detectableBy: stall.flaggedAt,
        deliberate,
        note: `nothing from ${sourceSystem} between ${new Date(from).toISOString()} and ${new Date(+(stall.endedAt as Date)).toISOString()}${spells.length > 1 ? ` (one outage of ${spells.length} stalls, until ${new Date(to).toISOString()})` : ''}`,
      });
    }
  }
  return out;
}

/** The ingestion service settings under which its feed-health rule matches this ground truth. */
export function ingestionFeedEnv(thresholdMinutes: number): Record<string, string> {
  const watch = simulatedFeedWatch(thresholdMinutes);
  return {
    FEED_STALL_MINUTES: String(watch.silentMinutes),
    FEED_ACTIVE_HOURS: watch.activeHours,
    FEED_TIMEZONE: watch.timezone,
    FEED_ACTIVE_DAYS: watch.days.join(','),
  };
}
