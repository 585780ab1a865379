/** What the feed-health consumer learned from one message. */
export type Observation =
  | { kind: 'event'; source: string; occurredAt: Date; receivedAt: Date }
  | { kind: 'dlq'; source: string; receivedAt: Date }
  | { kind: 'undecodable'; source: string; receivedAt: Date };

export interface FeedDelta {
  source: string;
  events: number;
  rejects: number;
  dlq: number;
  maxOccurredAt: Date | null;
  maxReceivedAt: Date | null;
  /** Events per received minute (epoch minute → count), for the rolling rate. */
  perMinute: Map<number, number>;
}

const later = (a: Date | null, b: Date): Date => (a === null || b > a ? b : a);

/**
 * Folds a batch of observations into one delta per source, so the database sees one upsert per
 * source per batch. Out-of-order events never move the last-event times backwards.
 */
export function aggregate(observations: readonly Observation[]): FeedDelta[] {
  const bySource = new Map<string, FeedDelta>();
  for (const o of observations) {
    let d = bySource.get(o.source);
    if (!d) {
      d = {
        source: o.source,
        events: 0,
        rejects: 0,
        dlq: 0,
        maxOccurredAt: null,
        maxReceivedAt: null,
        perMinute: new Map(),
      };
      bySource.set(o.source, d);
    }
    if (o.kind === 'event') {
      d.events++;
      d.maxOccurredAt = later(d.maxOccurredAt, o.occurredAt);
      d.maxReceivedAt = later(d.maxReceivedAt, o.receivedAt);
      const minute = Math.floor(o.receivedAt.getTime() / 60_000);
      d.perMinute.set(minute, (d.perMinute.get(minute) ?? 0) + 1);
    } else if (o.kind === 'dlq') {
      d.dlq++;
    } else {
      d.rejects++;
    }
  }
  return [...bySource.values()];
}
