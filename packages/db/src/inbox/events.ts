import type pg from 'pg';
import { filterUnprocessed, markProcessed, type InboxRef } from './batch.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** What the inbox needs of an event: the system that issued it and its id there. */
export interface SourcedEvent {
  sourceSystem: string;
  eventId: string;
}

export const inboxRefOf = (e: SourcedEvent): InboxRef => ({
  source: e.sourceSystem,
  id: e.eventId,
});

const keyOf = (r: InboxRef) => `${r.source}\u0000${r.id}`;

function pick<E extends SourcedEvent>(events: readonly E[], refs: readonly InboxRef[]): E[] {
  const wanted = new Set(refs.map(keyOf));
  // delete: an event twice in the input comes out once.
  return events.filter((e) => wanted.delete(keyOf(inboxRefOf(e))));
}

/**
 * markProcessed for events, keyed on (sourceSystem, eventId): the events this call claimed,
 * in input order, each once. Apply exactly these, in the same transaction.
 */
export async function claimEvents<E extends SourcedEvent>(
  client: Queryable,
  consumer: string,
  events: readonly E[],
  opts: { schema?: string } = {},
): Promise<E[]> {
  return pick(events, await markProcessed(client, consumer, events.map(inboxRefOf), opts));
}

/** filterUnprocessed for events: a lock-free pre-filter, settled later by claimEvents. */
export async function unseenEvents<E extends SourcedEvent>(
  client: Queryable,
  consumer: string,
  events: readonly E[],
  opts: { schema?: string } = {},
): Promise<E[]> {
  return pick(events, await filterUnprocessed(client, consumer, events.map(inboxRefOf), opts));
}
