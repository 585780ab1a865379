import type pg from 'pg';

/** Reads notices' states straight from the service's tables, for `eventually` and assertions. */
export function noticeStatus(db: pg.Pool) {
  const statuses = async (customerId: string) =>
    (
      await db.query<{ status: string }>(
        'SELECT status FROM notifications.notices WHERE customer_id = $1 ORDER BY notice_id',
        [customerId],
      )
    ).rows.map((r) => r.status);
  /** For `eventually`: true once the customer has exactly `n` notices, all sent. */
  const allSent = (customerId: string, n: number) => async () => {
    const s = await statuses(customerId);
    return (s.length === n && s.every((x) => x === 'sent')) || undefined;
  };
  return { statuses, allSent };
}
