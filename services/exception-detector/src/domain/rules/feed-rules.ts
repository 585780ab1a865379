import { feedStalledAt, feedStep, outageOfStall, type FeedRun } from '@forewarn/domain';
import type { FeedPolicy, DetectorPolicy } from '../policy.js';
import type { Subject } from '../types.js';
import { timerId, type Signal, type TimerSpec } from './signals.js';

/** The evidence id of an absence: the deadline itself. */
export const timerEvidenceId = (timer: Pick<TimerSpec, 'timerId' | 'dueAt'>): string =>
  `timer:${timer.timerId}@${timer.dueAt}`;

/** One message a source sent, seen on its source topic. */
export interface FeedMessage {
  eventId: string;
  type: string;
  /** When the source sent it (its own clock; not when we read it). */
  sentAt: string;
  /**
   * When it was written to its source topic, on the same clock (the record's create time): for
   * a feed that comes through ingestion's doors, after the source's request, the door and the
   * outbox relay. Absent when unknown.
   */
  writtenAt?: string;
}

/** What the detector remembers of a source: its latest send, and whether it is recovering. */
export interface FeedState {
  sourceSystem: string;
  lastSentAt?: string;
  lastEventId?: string;
  lastType?: string;
  /**
   * The send that ended its latest stall, while the feed has not yet sent for its settle period
   * since (@forewarn/domain feedStep): the outage, and its case, are not over.
   */
  resumedAt?: string;
  /**
   * While it recovers: the evidence id of its outage's first stall. Every silence that begins
   * before it settles carries it (detail.outage), so a stall of the same outage judged late,
   * after the feed moved on, joins that outage's case rather than opening one.
   */
  outage?: string;
  /**
   * Its stalls (silences past their flag instant, with the send that ended each), by send time,
   * the last fortnight's: which outage a stall belongs to is judged from them (outageOfStall),
   * whatever order the sends arrived in.
   */
  stalls?: { since: string; endedAt?: string }[];
  /**
   * Its earliest send known: a send older than it, read late (another partition's backlog),
   * closes the silence up to it (absent in state written before it was kept).
   */
  firstSentAt?: string;
  /**
   * How long its latest messages took from being sent to being written to their topic (ms,
   * newest last, FEED_LAG_WINDOW of them). Its silences are judged only the longest of these
   * later (silenceCutoff): what it sent before a deadline may still be on its way through the
   * doors when other feeds' sends are already in.
   */
  lags?: number[];
}

/** How many of a feed's latest delays (sent to written) its lag is judged on. */
export const FEED_LAG_WINDOW = 8;

/** The feed's latest delays after one more message (unchanged when its write time is unknown). */
export function withLag(lags: FeedState['lags'], m: FeedMessage): FeedState['lags'] {
  if (m.writtenAt === undefined) return lags;
  const ms = Math.max(0, Date.parse(m.writtenAt) - Date.parse(m.sentAt));
  if (!Number.isFinite(ms)) return lags;
  return [...(lags ?? []), ms].slice(-FEED_LAG_WINDOW);
}

/**
 * Up to when a feed's silence may be judged: the absence cutoff (the clock less the grace, and
 * the source watermark, which other feeds move on), and no later than the clock less the grace
 * and the feed's own lag. The watermark says every message on the topics sent before it is
 * applied; a message still in the doors is on no topic yet, so for a feed whose messages take
 * longer than the grace to get there, only its own lag says its silence is real.
 */
export function silenceCutoff(
  feed: Pick<FeedState, 'lags'> | undefined,
  absenceCutoff: number,
  nowLessGrace: number,
): number {
  return Math.min(absenceCutoff, nowLessGrace - Math.max(0, ...(feed?.lags ?? [])));
}

const FORTNIGHT_MS = 14 * 86_400_000;

/** Records a stall (or what a late send taught about one), in send-time order, pruned. */
function withStall(
  state: FeedState,
  since: string,
  endedAt: string | undefined,
  stands = true,
): FeedState {
  const others = (state.stalls ?? []).filter((x) => Date.parse(x.since) !== Date.parse(since));
  const horizon = Date.parse(state.lastSentAt ?? since) - FORTNIGHT_MS;
  const stalls = [...others, ...(stands ? [{ since, ...(endedAt ? { endedAt } : {}) }] : [])]
    .filter((x) => Date.parse(x.since) >= horizon)
    .sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
  return { ...state, stalls };
}

/**
 * The outage a fired silence timer belongs to: the evidence id of its first stall, and whether
 * the feed has settled since. Undefined when the feed's stalls do not know it (older state).
 */
export function outageOfTimer(
  feed: FeedState | undefined,
  timer: TimerSpec,
  policy: DetectorPolicy,
): { root: string; settled: boolean } | undefined {
  const fp = feed ? feedPolicyOf(policy, feed.sourceSystem) : null;
  if (!feed?.lastSentAt || !fp) return undefined;
  const since = String(timer.detail?.['lastSeenAt']);
  const known = feed.stalls ?? [];
  // The silence still open (since the latest send) is a stall once its timer fires.
  const open = since === feed.lastSentAt && !known.some((x) => x.since === since);
  const stalls = open ? [...known, { since }] : known;
  const o = outageOfStall(
    fp,
    stalls.map((x) => ({
      since: new Date(x.since),
      ...(x.endedAt ? { endedAt: new Date(x.endedAt) } : {}),
    })),
    new Date(since),
    new Date(feed.lastSentAt),
  );
  if (!o) return undefined;
  const root = silenceTimer(feed, stalls[o.first]!.since, policy, fp);
  return { root: timerEvidenceId(root), settled: o.settled };
}

const runOf = (s: FeedState): FeedRun => ({
  ...(s.lastSentAt ? { lastAt: new Date(s.lastSentAt) } : {}),
  ...(s.resumedAt ? { resumedAt: new Date(s.resumedAt) } : {}),
});

export const feedPolicyOf = (policy: DetectorPolicy, source: string): FeedPolicy | null =>
  policy.feeds[source] ?? policy.defaultFeed;

/** The instant a silence that began at `since` is flagged (one definition, @forewarn/domain). */
export function flagInstant(feed: FeedPolicy, since: string): string {
  // A feed whose hours never come round is watched a year out rather than never.
  const due =
    feedStalledAt(feed, new Date(since)) ?? new Date(Date.parse(since) + 365 * 86_400_000);
  return due.toISOString();
}

const subjectOf = (source: string): Subject => ({ kind: 'source_system', id: source });

/** The watch over the silence after one send; one timer per silence, so each is judged alone. */
export function silenceTimer(
  state: Pick<FeedState, 'sourceSystem'>,
  since: string,
  policy: DetectorPolicy,
  feed: FeedPolicy,
  endedAt?: string,
  outage?: string,
): TimerSpec {
  return {
    timerId: timerId('feed_stalled', state.sourceSystem, since),
    kind: 'feed_stalled',
    subject: subjectOf(state.sourceSystem),
    dueAt: flagInstant(feed, since),
    detail: {
      lastSeenAt: since,
      silentMinutes: feed.silentMinutes,
      ...(endedAt ? { endedAt } : {}),
      ...(outage ? { outage } : {}),
    },
  };
}

const WEEK_MS = 7 * 86_400_000;

/**
 * How far back a batch's late sends may reach into the feed's silences (feedSignals' `silences`):
 * a week before its earliest send. One definition: the read-ahead asks for the same window.
 */
export const silencesFrom = (messages: readonly Pick<FeedMessage, 'sentAt'>[]): Date =>
  new Date(Math.min(...messages.map((m) => Date.parse(m.sentAt))) - WEEK_MS);

const byTime = (a: FeedMessage, b: FeedMessage) =>
  Date.parse(a.sentAt) - Date.parse(b.sentAt) || a.eventId.localeCompare(b.eventId);

/**
 * Sends of one source, judged by when they were sent. Every silence gets a timer due at its flag
 * instant; a send before that instant cancels it, a send after it leaves it to fire (the stall
 * was real). The case resolves once the feed has sent for its settle period without stalling
 * again (feedStep), so a feed that flaps keeps one case. A send arriving out of order splits the
 * closed silence it falls in (it does not move the recovery). So the stalls found depend on the
 * send times, not on how partitions, instances and consumer lag interleave the messages.
 */
export function feedSignals(
  state: FeedState,
  silences: readonly (TimerSpec & { fired?: boolean })[],
  messages: readonly FeedMessage[],
  policy: DetectorPolicy,
): { state: FeedState; signals: Signal[] } {
  const feed = feedPolicyOf(policy, state.sourceSystem);
  if (!feed) return { state, signals: [] };
  const signals: Signal[] = [];
  const timers = new Map<string, TimerSpec & { fired?: boolean }>(
    silences.map((t) => [t.timerId, t]),
  );
  const schedule = (t: TimerSpec) => {
    timers.set(t.timerId, t);
    signals.push({ kind: 'schedule', timer: t });
  };
  const cancel = (t: TimerSpec & { fired?: boolean }) => {
    timers.delete(t.timerId);
    if (t.fired) return; // the case it opened stands; the late send resolves it
    signals.push({ kind: 'cancel', timerId: t.timerId, forget: true });
  };
  let next = { ...state };
  let recovered: FeedMessage | undefined;
  for (const m of [...messages].sort(byTime)) {
    const lags = withLag(next.lags, m);
    if (lags !== next.lags && lags) next = { ...next, lags };
    const sent = Date.parse(m.sentAt);
    const last = next.lastSentAt ? Date.parse(next.lastSentAt) : undefined;
    if (last === undefined || sent > last) {
      const step = feedStep(feed, runOf(next), new Date(sent));
      // The outage a silence beginning now belongs to: the current one, while it is unsettled.
      let outage = next.resumedAt ? next.outage : undefined;
      if (next.lastSentAt) {
        // The silence since the previous send ends here: before its flag instant it was no
        // stall; after it, the timer stays (fired or about to) and learns when it ended.
        const closed = silenceTimer(next, next.lastSentAt, policy, feed, m.sentAt, outage);
        if (step.stalledAt) {
          schedule(closed);
          outage ??= timerEvidenceId(closed); // it opened a new outage
          next = withStall(next, next.lastSentAt, m.sentAt);
        } else cancel(closed);
      }
      const resumedAt = step.run.resumedAt?.toISOString();
      const current = resumedAt ? outage : undefined;
      schedule(silenceTimer(next, m.sentAt, policy, feed, undefined, current));
      const { resumedAt: _r, outage: _o, ...settled } = next;
      next = {
        ...settled,
        ...(last === undefined ? { firstSentAt: m.sentAt } : {}),
        lastSentAt: m.sentAt,
        lastEventId: m.eventId,
        lastType: m.type,
        ...(resumedAt ? { resumedAt, ...(current ? { outage: current } : {}) } : {}),
      };
      if (step.recovered) recovered = m;
      continue;
    }
    // Late, and before the earliest send known (another partition's backlog read after this
    // one's later sends): the silence from it to that send is closed, and a stall if it passed
    // its flag instant. Later sends before it split that silence as below.
    const first = next.firstSentAt;
    if (first !== undefined && sent < Date.parse(first)) {
      const prefix = silenceTimer(next, m.sentAt, policy, feed, first);
      if (Date.parse(prefix.dueAt) < Date.parse(first)) {
        schedule(prefix);
        next = withStall(next, m.sentAt, first);
      }
      next = { ...next, firstSentAt: m.sentAt };
      continue;
    }
    // Late: it splits the closed silence it falls in. Before that silence's flag instant it
    // was no stall after all; after it, the stall stands, and what follows may be one too.
    for (const t of [...timers.values()]) {
      const since = Date.parse(String(t.detail?.['lastSeenAt']));
      const endedAt = t.detail?.['endedAt'];
      if (endedAt === undefined || !(since < sent && sent < Date.parse(String(endedAt)))) continue;
      const stands = sent > Date.parse(t.dueAt);
      const own = t.detail?.['outage'] === undefined ? undefined : String(t.detail['outage']);
      next = withStall(next, String(t.detail?.['lastSeenAt']), m.sentAt, stands);
      const outage = stands ? (own ?? timerEvidenceId(t)) : undefined;
      if (!stands) cancel(t);
      else if (!t.fired)
        schedule(silenceTimer(next, String(t.detail?.['lastSeenAt']), policy, feed, m.sentAt, own));
      // After a stall that stands, the rest of its silence is the same outage (one send between).
      const split = silenceTimer(next, m.sentAt, policy, feed, String(endedAt), outage);
      if (Date.parse(split.dueAt) < Date.parse(String(endedAt))) {
        schedule(split);
        next = withStall(next, m.sentAt, String(endedAt));
      }
    }
  }
  // The outage is over (a later one, stalled in this same batch, is opened by its own timer).
  if (recovered) {
    signals.push({
      kind: 'clear',
      caseType: 'source_feed_stalled',
      subject: subjectOf(state.sourceSystem),
      reason: `${state.sourceSystem} sends events again`,
      evidence: {
        eventId: recovered.eventId,
        type: recovered.type,
        occurredAt: recovered.sentAt,
        summary: `${recovered.type} sent by ${state.sourceSystem} at ${recovered.sentAt}`,
      },
    });
  }
  return { state: next, signals };
}
