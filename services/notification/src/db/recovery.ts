import type pg from 'pg';
import type { Channel } from '../domain/channels.js';
import type { NoticeRow } from './notice-row.js';
import { logEntry } from './record.js';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * Notices left `sending` longer than `staleMs` belong to a worker that died between sending and
 * recording. Where the provider dedupes on our key (email Message-ID, webhook Idempotency-Key)
 * they go back to `pending` and are sent again under the same key. Elsewhere (SMS) they become
 * `unknown`: never resent blindly, only after the provider says the message did not go out.
 */
export async function recoverStale(
  db: Q,
  now: Date,
  staleMs: number,
  resendable: readonly Channel[],
): Promise<NoticeRow[]> {
  const { rows } = await db.query<NoticeRow>(
    `UPDATE notices SET
       status = CASE WHEN channel = ANY($3::text[]) THEN 'pending' ELSE 'unknown' END,
       next_attempt_at = $1
     WHERE status = 'sending' AND sending_since < $2
     RETURNING *`,
    [now, new Date(now.getTime() - staleMs), resendable],
  );
  if (rows.length === 0) return rows;
  await db.query(
    `UPDATE delivery_log SET finished_at = $2, outcome = 'unknown',
       error = 'the worker stopped before recording the outcome'
     WHERE notice_id = ANY($1::uuid[]) AND kind = 'attempt' AND outcome = 'in_flight'`,
    [rows.map((r) => r.notice_id), now],
  );
  const resend = rows.filter((r) => r.status === 'pending');
  const held = rows.filter((r) => r.status === 'unknown');
  await logEntry(db, resend, 'recovery', 'resend_same_key', now, null);
  await logEntry(db, held, 'recovery', 'held_unknown', now, null);
  return rows;
}

/** `unknown` notices whose provider status is due to be asked, locked for this worker. */
export async function claimUnknown(db: Q, now: Date, limit: number): Promise<NoticeRow[]> {
  const { rows } = await db.query<NoticeRow>(
    `SELECT * FROM notices WHERE status = 'unknown' AND next_attempt_at <= $1
     ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return rows;
}

/** The provider says it never sent it: safe to send again. */
export async function releaseUnknown(db: Q, n: NoticeRow, now: Date): Promise<void> {
  await db.query(
    `UPDATE notices SET status = 'pending', next_attempt_at = $2 WHERE notice_id = $1 AND status = 'unknown'`,
    [n.notice_id, now],
  );
  await logEntry(db, [n], 'recovery', 'provider_not_sent', now, null);
}

/** Ask again later (provider unreachable), or never (no status API: a person decides via resend). */
export async function deferUnknown(
  db: Q,
  n: NoticeRow,
  at: Date | null,
  reason: string,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE notices SET next_attempt_at = COALESCE($2, 'infinity'::timestamptz), last_error = $3
     WHERE notice_id = $1 AND status = 'unknown'`,
    [n.notice_id, at, reason],
  );
  await logEntry(db, [n], 'recovery', at ? 'lookup_deferred' : 'needs_manual_review', now, reason);
}
