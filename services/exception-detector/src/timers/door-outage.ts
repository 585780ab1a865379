import type { FeedState } from '../domain/rules/feed-rules.js';

/**
 * The latest outage of the watermark's read (the broker or the database away), which blocks the
 * doors as well: ingestion writes its requests to the same database and publishes them to the
 * same broker. It began between `since`, the clock at the last good read, and `failedAt`, the
 * clock at the first failed one (a poll interval apart: over an hour of a fast simulated day);
 * `endedWall` is the wall time of the first good read after it.
 */
export interface DoorOutage {
  since: number;
  failedAt?: number;
  endedWall?: number;
}

/** What the poller knows of its reads: the latest outage, and the clock at the last good read. */
export interface ReadHistory {
  lastGood?: number;
  outage?: DoorOutage;
}

/** The history after one watermark read (ok or not) at `clockNow` and `wallNow`. */
export function afterRead(
  h: ReadHistory,
  ok: boolean,
  clockNow: number,
  wallNow: number,
): ReadHistory {
  if (ok) {
    const outage =
      h.outage && h.outage.endedWall === undefined ? { ...h.outage, endedWall: wallNow } : h.outage;
    return { lastGood: clockNow, ...(outage ? { outage } : {}) };
  }
  if (h.outage && h.outage.endedWall === undefined) return h;
  return { ...h, outage: { since: h.lastGood ?? clockNow, failedAt: clockNow } };
}

/**
 * Up to when a door-fed feed's silences may be judged after an outage: what it sent before the
 * outage less its lag was on its topic, what it sent after that may still be in its source's
 * retries and ingestion's outbox, which the outage held, and reaches the topic with a delay its
 * recorded lags (the latest messages that did arrive) know nothing of. A feed that has since sent
 * something sent after the outage began (after the first failed read: a send between the last
 * good read and it may have been the last one in before the outage) has all of its earlier sends
 * in (a source's requests go in order); otherwise the hold ends `holdMs` wall after the outage,
 * so a feed that really died with it is still judged. Infinity: no hold.
 */
export function outageCutoff(
  feed: Pick<FeedState, 'lags' | 'lastSentAt'>,
  outage: DoorOutage | undefined,
  wallNow: number,
  holdMs: number,
): number {
  if (!outage) return Infinity;
  if (outage.endedWall !== undefined && wallNow - outage.endedWall > holdMs) return Infinity;
  const began = outage.failedAt ?? outage.since;
  if (feed.lastSentAt !== undefined && Date.parse(feed.lastSentAt) >= began) return Infinity;
  return outage.since - Math.max(0, ...(feed.lags ?? []));
}
