import type pg from 'pg';
import { qualify } from '../identifiers.js';

type Queryable = Pick<pg.ClientBase, 'query'>;
type Options = { schema?: string };

/** Runs a statement over ($1 consumer, $2 ids) that yields message_id rows, as a set. */
async function messageIdSet(
  client: Queryable,
  sql: string,
  consumer: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await client.query<{ message_id: string }>(sql, [consumer, ids]);
  return new Set(rows.map((r) => r.message_id));
}

/**
 * The ids (in input order, each once) that `consumer` has not processed yet. A plain read with
 * no locks: a cheap pre-filter for batched hot paths. Two consumers may both see an id as new;
 * markProcessed in the effects' transaction is what settles it.
 */
export async function filterUnprocessed(
  client: Queryable,
  consumer: string,
  ids: readonly string[],
  { schema }: Options = {},
): Promise<string[]> {
  const seen = await messageIdSet(
    client,
    `SELECT message_id FROM ${qualify(schema, 'inbox')}
     WHERE consumer = $1 AND message_id = ANY($2::text[])`,
    consumer,
    ids,
  );
  return [...new Set(ids)].filter((id) => !seen.has(id));
}

/**
 * Records ids as processed by `consumer` in the caller's transaction and returns the ones this
 * call recorded (input order). Ids it does not return were marked by someone else: a concurrent
 * transaction's insert makes this one wait, then skip. Calling it before applying the effects,
 * and applying only the returned ids, is the race-free batch form of processOnce.
 */
export async function markProcessed(
  client: Queryable,
  consumer: string,
  ids: readonly string[],
  { schema }: Options = {},
): Promise<string[]> {
  const marked = await messageIdSet(
    client,
    `INSERT INTO ${qualify(schema, 'inbox')} (consumer, message_id)
     SELECT $1, id FROM unnest($2::text[]) AS t(id)
     ON CONFLICT DO NOTHING RETURNING message_id`,
    consumer,
    ids,
  );
  return [...new Set(ids)].filter((id) => marked.has(id));
}
