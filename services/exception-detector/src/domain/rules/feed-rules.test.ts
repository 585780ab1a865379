import { describe, expect, it } from 'vitest';
import { defaultPolicy as policy } from '../policy.js';
import {
  FEED_LAG_WINDOW,
  feedSignals,
  silenceCutoff,
  withLag,
  type FeedMessage,
  type FeedState,
} from './feed-rules.js';
import type { TimerSpec } from './signals.js';

const t = (iso: string) => Date.parse(iso);
const H = 3_600_000;
const SOURCE = 'carrier:fedex';
/** A send of the door-fed feed: sent at `sentAt`, written to its topic `lagH` hours later. */
const sent = (id: string, sentAt: string, lagH: number): FeedMessage => ({
  eventId: id,
  type: 'carrier.tracking.scanned',
  sentAt,
  writtenAt: new Date(t(sentAt) + lagH * H).toISOString(),
});
const schedules = (signals: ReturnType<typeof feedSignals>['signals']) =>
  signals.flatMap((s) => (s.kind === 'schedule' ? [s.timer] : []));
/** Would the poller fire this silence timer now (timers/poller.ts: absence cutoff, then the feed's own)? */
const judged = (
  feed: FeedState,
  timer: TimerSpec,
  at: { now: string; watermark: string; graceH: number },
) => {
  const nowLessGrace = t(at.now) - at.graceH * H;
  const absence = Math.min(nowLessGrace, t(at.watermark));
  return t(timer.dueAt) <= silenceCutoff(feed, absence, nowLessGrace);
};

describe('feed silence of a feed whose messages are late in the pipeline (pure)', () => {
  // Tuesday 2025-03-11, inside the default feed's active hours (09:00-17:00 New York = 13-21Z).
  const first = sent('e1', '2025-03-11T14:00:00.000Z', 5);

  it('given a door-fed feed whose sends take 5 h to reach the topic, then its silence is not judged while another feed has moved the watermark past the deadline, and its late send cancels the timer', () => {
    const a = feedSignals({ sourceSystem: SOURCE }, [], [first], policy);
    expect(a.state.lags).toEqual([5 * H]);
    const timer = schedules(a.signals).find((x) => x.detail?.['lastSeenAt'] === first.sentAt)!;
    expect(timer.dueAt).toBe('2025-03-11T15:00:00.000Z');
    // 17:00: other feeds' sends are in up to 17:00 and the grace (1 h) is over. The watermark
    // alone says fire (the false silence case); the feed's own lag says its 14:50 send may still
    // be in the doors.
    const at = {
      now: '2025-03-11T18:00:00.000Z',
      watermark: '2025-03-11T17:00:00.000Z',
      graceH: 1,
    };
    expect(t(timer.dueAt) <= Math.min(t(at.now) - H, t(at.watermark))).toBe(true);
    expect(judged(a.state, timer, at)).toBe(false);
    // The send of 14:50 arrives (written 19:50): no stall, the timer is cancelled, no case.
    const b = feedSignals(a.state, [timer], [sent('e2', '2025-03-11T14:50:00.000Z', 5)], policy);
    expect(b.signals).toContainEqual({ kind: 'cancel', timerId: timer.timerId, forget: true });
    expect(b.signals.some((s) => s.kind === 'detect' || s.kind === 'clear')).toBe(false);
  });

  it('given the same feed really stopping, then its silence is judged once the clock is past the deadline by the grace and its own lag', () => {
    const a = feedSignals({ sourceSystem: SOURCE }, [], [first], policy);
    const timer = schedules(a.signals).find((x) => x.detail?.['lastSeenAt'] === first.sentAt)!;
    const watermark = '2025-03-12T02:00:00.000Z';
    expect(judged(a.state, timer, { now: '2025-03-11T20:59:00.000Z', watermark, graceH: 1 })).toBe(
      false,
    );
    expect(judged(a.state, timer, { now: '2025-03-11T21:00:00.000Z', watermark, graceH: 1 })).toBe(
      true,
    );
  });

  it('given a feed straight to Kafka (no lag), then its silence is judged on the absence cutoff alone', () => {
    const a = feedSignals(
      { sourceSystem: 'carrier:dhl' },
      [],
      [sent('k1', '2025-03-11T14:00:00.000Z', 0)],
      policy,
    );
    const timer = schedules(a.signals)[0]!;
    const at = {
      now: '2025-03-11T16:00:00.000Z',
      watermark: '2025-03-11T15:30:00.000Z',
      graceH: 1,
    };
    expect(judged(a.state, timer, at)).toBe(true);
    expect(judged({ sourceSystem: 'old' }, timer, at)).toBe(true); // state before lags were kept
  });

  it('given the lag measured on the latest sends, then a spike long past no longer holds the feed back, and a send of unknown write time changes nothing', () => {
    let lags: number[] | undefined;
    lags = withLag(lags, sent('s0', '2025-03-11T14:00:00.000Z', 12));
    for (let i = 1; i <= FEED_LAG_WINDOW; i++)
      lags = withLag(lags, sent(`s${i}`, `2025-03-11T15:0${i}:00.000Z`, 0.5));
    expect(lags).toHaveLength(FEED_LAG_WINDOW);
    expect(Math.max(...lags!)).toBe(0.5 * H);
    expect(withLag(lags, { eventId: 'x', type: 'x', sentAt: '2025-03-11T16:00:00.000Z' })).toBe(
      lags,
    );
    // A write stamped before the send (clocks apart) is no lag, not a negative one.
    expect(withLag(undefined, sent('n', '2025-03-11T16:00:00.000Z', -1))).toEqual([0]);
  });
});

describe('feed stalls whatever order the partitions are read in (pure)', () => {
  // A carrier's day (Tuesday, active 13-21Z): stalls 13:00→15:10 and 16:00→17:30.
  const times = ['13:00', '15:10', '15:20', '16:00', '17:30', '17:40', '18:00'].map(
    (hm) => `2025-03-11T${hm}:00.000Z`,
  );
  const msg = (at: string, i: number): FeedMessage => ({ eventId: `m${i}`, type: 't', sentAt: at });
  /** Batches applied in turn, each carrying the timers the store would hold (not forgotten). */
  const play = (batches: string[][]) => {
    let state: FeedState = { sourceSystem: 'carrier:dhl' };
    const timers = new Map<string, TimerSpec>();
    for (const batch of batches) {
      const out = feedSignals(
        state,
        [...timers.values()],
        batch.map((at) => msg(at, times.indexOf(at))),
        policy,
      );
      for (const sig of out.signals) {
        if (sig.kind === 'schedule') timers.set(sig.timer.timerId, sig.timer);
        if (sig.kind === 'cancel') timers.delete(sig.timerId);
      }
      state = out.state;
    }
    return state.stalls;
  };

  it('given a later partition read first (its sends after the others), then the earlier sends still close the silences before it, and the stalls are those of the send order', () => {
    const inOrder = play([times]);
    expect(inOrder).toEqual([
      { since: times[0], endedAt: times[1] },
      { since: times[3], endedAt: times[4] },
    ]);
    expect(play([times.slice(4), times.slice(0, 4)])).toEqual(inOrder);
    expect(play([times.slice(5), times.slice(2, 5), times.slice(0, 2)])).toEqual(inOrder);
    expect(play([[times[6]!], [times[0]!], times.slice(1, 6)])).toEqual(inOrder);
  });
});
