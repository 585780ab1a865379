import type { FeedState } from '../domain/rules/feed-rules.js';

/**
 * The latest outage of the watermark's read (the broker or the database away), which blocks the
 * doors as well: ingestion writes its requests to the same database and publishes them to the
 * same broker. `since` is the clock at the last good read (the outage began after it); `endedWall`
 * the wall time of the first good read after it.
 */
export interface DoorOutage {
  since: number;
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
  return { ...h, outage: { since: h.lastGood ?? clockNow } };
}

/**
 * Up to when a door-fed feed's silences may be judged after an outage: what it sent before the
 * outage less its lag was on its topic, what it sent after that may still be in its source's
 * retries and ingestion's outbox, which the outage held, and reaches the topic with a delay its
 * recorded lags (the latest messages that did arrive) know nothing of. A feed that has since sent
 * something sent after the outage began has all of its earlier sends in (a source's requests go
 * in order); otherwise the hold ends `holdMs` wall after the outage, so a feed that really died
 * with it is still judged. Infinity: no hold.
 */
export function outageCutoff(
  feed: Pick<FeedState, 'lags' | 'lastSentAt'>,
  outage: DoorOutage | undefined,
  wallNow: number,
  holdMs: number,
): number {
  if (!outage) return Infinity;
  if (outage.endedWall !== undefined && wallNow - outage.endedWall > holdMs) return Infinity;
  if (feed.lastSentAt !== undefined && Date.parse(feed.lastSentAt) >= outage.since) return Infinity;
  return outage.since - Math.max(0, ...(feed.lags ?? []));
}
