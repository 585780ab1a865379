import type pg from 'pg';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * The heartbeat of a send in flight: pushes the lease of our still-`sending` notices to `until`.
 * Returns how many were renewed; fewer than asked means another worker took some over (our
 * lease had expired), and the record step's fence will then leave them alone.
 */
export async function renewLease(
  db: Q,
  noticeIds: readonly string[],
  owner: string,
  until: Date,
): Promise<number> {
  const r = await db.query(
    `UPDATE notices SET lease_until = $3
     WHERE notice_id = ANY($1::uuid[]) AND status = 'sending' AND lease_owner = $2`,
    [noticeIds, owner, until],
  );
  return r.rowCount ?? 0;
}
