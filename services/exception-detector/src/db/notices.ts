import type pg from 'pg';
import type { Case } from '../domain/cases/case.js';
import type { NoticeSent } from '../domain/cases/notified.js';
import type { Subject } from '../domain/types.js';

type Q = Pick<pg.ClientBase, 'query'>;

export type NoticeFact = NoticeSent & { caseId?: string };

/** A subject and an event that cases about it may cite. */
export interface CitingKey {
  subject: Subject;
  eventId: string;
}

/** The first notice sent about an event, if any. */
export async function firstNoticeFor(
  db: Q,
  triggerEventId: string,
): Promise<NoticeSent | undefined> {
  const { rows } = await db.query<{ data: NoticeSent }>(
    `SELECT data FROM customer_notices WHERE trigger_event_id = $1
     ORDER BY sent_at LIMIT 1`,
    [triggerEventId],
  );
  return rows[0]?.data;
}

/**
 * In one statement, the cases (open or not) about each subject citing its event as evidence,
 * and the cases by id; locked for update.
 */
export async function casesForNotices(
  db: Q,
  citing: readonly CitingKey[],
  caseIds: readonly string[],
): Promise<Case[]> {
  if (citing.length === 0 && caseIds.length === 0) return [];
  const { rows } = await db.query<{ data: Case }>(
    `SELECT c.data FROM cases c WHERE c.case_id IN (
       SELECT k.case_id FROM cases k JOIN unnest($1::text[], $2::text[], $3::text[]) AS s(kind, id, ev)
         ON k.subject_kind = s.kind AND k.subject_id = s.id
       WHERE k.data -> 'evidence' @> jsonb_build_array(jsonb_build_object('eventId', s.ev))
       UNION SELECT unnest($4::uuid[]))
     ORDER BY c.case_id FOR UPDATE`,
    [
      citing.map((k) => k.subject.kind),
      citing.map((k) => k.subject.id),
      citing.map((k) => k.eventId),
      caseIds,
    ],
  );
  return rows.map((r) => r.data);
}

/** Keeps sent notices, the first of each. */
export async function recordNotices(db: Q, notices: readonly NoticeFact[]): Promise<void> {
  if (notices.length === 0) return;
  // DO NOTHING also skips a notice repeated within the statement, as its second insert would.
  await db.query(
    `INSERT INTO customer_notices (notification_id, trigger_event_id, case_id, sent_at, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::timestamptz[], $5::jsonb[])
       ON CONFLICT DO NOTHING`,
    [
      notices.map((n) => n.notificationId),
      notices.map((n) => n.triggerEventId),
      notices.map((n) => n.caseId ?? null),
      notices.map((n) => n.sentAt),
      notices.map((n) => JSON.stringify(n)),
    ],
  );
}
