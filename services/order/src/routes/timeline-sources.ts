import type pg from 'pg';
import { orderEvents } from '../db/read-model-query.js';
import { toTimelineEntry, type TimelineEntry } from '../domain/timeline.js';

/**
 * A contributor to an order's timeline. The order service provides ERP, WMS and shipment
 * entries from its own event store; cases and notices plug in here later (e.g. a provider that
 * reads the case service's API) without changing the route.
 */
export interface TimelineProvider {
  name: string;
  entriesFor(orderId: string): Promise<TimelineEntry[]>;
}

export function sourceEventsProvider(pool: Pick<pg.Pool, 'query'>): TimelineProvider {
  return {
    name: 'source-events',
    entriesFor: async (orderId) => (await orderEvents(pool, orderId)).map(toTimelineEntry),
  };
}
