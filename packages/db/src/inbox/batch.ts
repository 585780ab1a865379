import type pg from 'pg';
import { qualify } from '../identifiers.js';

type Queryable = Pick<pg.ClientBase, 'query'>;
type Options = { schema?: string };

/** A message as the inbox knows it: ids are unique per source system only. */
export interface InboxRef {
  source: string;
  id: string;
}

const refKey = (r: InboxRef) => `${r.source}\u0000${r.id}`;

function distinctRefs(refs: readonly InboxRef[]): InboxRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = refKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Runs a statement over ($1 consumer, $2 sources, $3 ids) that yields (source, message_id)
 * rows; returns the refs (input order, each once) whose key is in that set, or not in it.
 */
async function partition(
  client: Queryable,
  sql: string,
  consumer: string,
  refs: readonly InboxRef[],
  keep: 'found' | 'missing',
): Promise<InboxRef[]> {
  const unique = distinctRefs(refs);
  if (unique.length === 0) return [];
  const { rows } = await client.query<{ source: string; message_id: string }>(sql, [
    consumer,
    unique.map((r) => r.source),
    unique.map((r) => r.id),
  ]);
  const hit = new Set(rows.map((r) => refKey({ source: r.source, id: r.message_id })));
  return unique.filter((r) => hit.has(refKey(r)) === (keep === 'found'));
}

/**
 * A marker written before the inbox knew sources (source '') absorbs its id from any source:
 * which source it came from is lost, and applying it twice is the worse mistake.
 */
const LEGACY_MATCH = (table: string) =>
  `EXISTS (SELECT 1 FROM ${table} l WHERE l.consumer = $1 AND l.source = '' AND l.message_id = t.id)`;

/**
 * The refs (in input order, each once) that `consumer` has not processed yet. A plain read with
 * no locks: a cheap pre-filter for batched hot paths. Two consumers may both see a ref as new;
 * markProcessed in the effects' transaction is what settles it.
 */
export async function filterUnprocessed(
  client: Queryable,
  consumer: string,
  refs: readonly InboxRef[],
  { schema }: Options = {},
): Promise<InboxRef[]> {
  const table = qualify(schema, 'inbox');
  return partition(
    client,
    `SELECT t.source, t.id AS message_id FROM unnest($2::text[], $3::text[]) AS t(source, id)
     WHERE EXISTS (SELECT 1 FROM ${table} i
                   WHERE i.consumer = $1 AND i.source = t.source AND i.message_id = t.id)
        OR ${LEGACY_MATCH(table)}`,
    consumer,
    refs,
    'missing',
  );
}

/**
 * Records refs as processed by `consumer` in the caller's transaction and returns the ones this
 * call recorded (input order). Refs it does not return were marked before, or by someone else:
 * a concurrent transaction's insert makes this one wait, then skip. Calling it before applying
 * the effects, and applying only the returned refs, is the race-free batch form of processOnce.
 */
export async function markProcessed(
  client: Queryable,
  consumer: string,
  refs: readonly InboxRef[],
  { schema }: Options = {},
): Promise<InboxRef[]> {
  const table = qualify(schema, 'inbox');
  return partition(
    client,
    `INSERT INTO ${table} (consumer, source, message_id)
     SELECT $1, t.source, t.id FROM unnest($2::text[], $3::text[]) AS t(source, id)
     WHERE NOT ${LEGACY_MATCH(table)}
     ON CONFLICT DO NOTHING RETURNING source, message_id`,
    consumer,
    refs,
    'found',
  );
}

/** Deletes markers older than `olderThan` in chunks; returns how many went. */
export async function pruneInbox(
  client: Queryable,
  olderThan: Date,
  { schema, chunkSize = 5_000 }: Options & { chunkSize?: number } = {},
): Promise<number> {
  const table = qualify(schema, 'inbox');
  let total = 0;
  for (;;) {
    const { rowCount } = await client.query(
      `DELETE FROM ${table} WHERE ctid IN (
         SELECT ctid FROM ${table} WHERE processed_at < $1 LIMIT $2)`,
      [olderThan, chunkSize],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < chunkSize) return total;
  }
}
