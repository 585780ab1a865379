import type pg from 'pg';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * The heartbeat of a send in flight: pushes the lease of our still-`sending` notices to `until`.
 * Returns those renewed; missing ones were taken over by another worker (our lease had
 * expired), and the record step's fence will then leave them alone.
 */
export async function renewLease(
  db: Q,
  noticeIds: readonly string[],
  owner: string,
  until: Date,
): Promise<string[]> {
  const r = await db.query<{ notice_id: string }>(
    `UPDATE notices SET lease_until = $3
     WHERE notice_id = ANY($1::uuid[]) AND status = 'sending' AND lease_owner = $2
     RETURNING notice_id`,
    [noticeIds, owner, until],
  );
  return r.rows.map((row) => row.notice_id);
}
