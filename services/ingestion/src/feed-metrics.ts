import { Counter, Gauge, type Registry } from '@forewarn/observability';
import type { FeedDelta } from './domain/feed-observations.js';
import type { FeedStats } from './domain/feed-status.js';

export interface FeedMetrics {
  apply(deltas: readonly FeedDelta[]): void;
  /** Seeds the series from the database at start-up, so a restart does not read as silence. */
  seed(stats: readonly FeedStats[]): void;
}

/** Prometheus series per source system; labels are sources, which are few and configured. */
export function feedMetrics(registry: Registry): FeedMetrics {
  const lastEvent = new Gauge({
    name: 'forewarn_feed_last_event_timestamp_seconds',
    help: 'occurredAt of the newest event seen per source (unix seconds)',
    labelNames: ['source'],
    registers: [registry],
  });
  const lastReceived = new Gauge({
    name: 'forewarn_feed_last_received_timestamp_seconds',
    help: 'When the newest event of each source was received (unix seconds); alert on now() minus this',
    labelNames: ['source'],
    registers: [registry],
  });
  const events = new Counter({
    name: 'forewarn_feed_events_total',
    help: 'Events seen on the source topics per source',
    labelNames: ['source'],
    registers: [registry],
  });
  const rejects = new Counter({
    name: 'forewarn_feed_rejects_total',
    help: 'Events of a source refused at the edge (stage=ingestion) or dead-lettered downstream (stage=dlq)',
    labelNames: ['source', 'stage'],
    registers: [registry],
  });
  // Gauges only move forward: a late event never makes a feed look older.
  const highest = new Map<Gauge, Map<string, number>>([
    [lastEvent, new Map()],
    [lastReceived, new Map()],
  ]);
  const setMax = (g: Gauge, source: string, at: Date | null) => {
    const seen = highest.get(g)!;
    const seconds = at ? at.getTime() / 1000 : 0;
    if (seconds <= (seen.get(source) ?? 0)) return;
    seen.set(source, seconds);
    g.set({ source }, seconds);
  };
  return {
    apply(deltas) {
      for (const d of deltas) {
        if (d.events) events.inc({ source: d.source }, d.events);
        if (d.rejects) rejects.inc({ source: d.source, stage: 'ingestion' }, d.rejects);
        if (d.dlq) rejects.inc({ source: d.source, stage: 'dlq' }, d.dlq);
        setMax(lastEvent, d.source, d.maxOccurredAt);
        setMax(lastReceived, d.source, d.maxReceivedAt);
      }
    },
    seed(stats) {
      for (const s of stats) {
        events.inc({ source: s.source }, s.eventsTotal);
        rejects.inc({ source: s.source, stage: 'ingestion' }, s.rejectsTotal);
        rejects.inc({ source: s.source, stage: 'dlq' }, s.dlqTotal);
        setMax(lastEvent, s.source, s.lastOccurredAt);
        setMax(lastReceived, s.source, s.lastReceivedAt);
      }
    },
  };
}
