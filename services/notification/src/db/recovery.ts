import type pg from 'pg';
import type { Channel } from '../domain/channels.js';
import type { NoticeRow } from './notice-row.js';
import { logEntry } from './record.js';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * Notices whose lease expired without a heartbeat belong to a worker that died (or lost the
 * database) mid-send: only then may another worker take them over, however slow a live send is.
 * Where the provider dedupes on our key (email Message-ID, webhook Idempotency-Key) they go back
 * to `pending` and are sent again under the same key. Elsewhere (SMS) they become `unknown`: never
 * resent blindly, only after the provider says the message did not go out.
 */
export async function recoverExpired(
  db: Q,
  now: Date,
  resendable: readonly Channel[],
  /** The lease clock's reading (wall time, see DeliveryDeps.wallNow); `now` schedules the resend. */
  leaseNow: Date = now,
  /**
   * Notices the calling worker itself still holds: its lease lapsed only because it could not
   * reach the database to renew it (an outage), and it will record them itself.
   */
  ownHeld: readonly string[] = [],
): Promise<NoticeRow[]> {
  // One statement (no transaction round trips): it runs every poll, mostly finding nothing.
  const { rows } = await db.query<NoticeRow>(
    `WITH expired AS (
       UPDATE notices SET
         status = CASE WHEN channel = ANY($2::text[]) THEN 'pending' ELSE 'unknown' END,
         next_attempt_at = $1, lease_owner = NULL, lease_until = NULL
       WHERE status = 'sending' AND lease_until < $3 AND NOT (notice_id = ANY($4::uuid[]))
       RETURNING *),
     closed AS (
       UPDATE delivery_log SET finished_at = $1, outcome = 'unknown',
         error = 'the worker stopped before recording the outcome'
       WHERE notice_id IN (SELECT notice_id FROM expired) AND kind = 'attempt'
         AND outcome = 'in_flight'),
     logged AS (
       INSERT INTO delivery_log (notice_id, kind, attempt, channel, address, batch_id, started_at,
         finished_at, outcome)
       SELECT notice_id, 'recovery', attempts, channel, address, batch_id, $1, $1,
         CASE WHEN status = 'pending' THEN 'resend_same_key' ELSE 'held_unknown' END
       FROM expired ORDER BY status = 'unknown', notice_id)
     SELECT * FROM expired`,
    [now, resendable, leaseNow, ownHeld],
  );
  return rows;
}

/** Whether any `unknown` notice is due to be settled (without locking: a hint, not a claim). */
export async function unknownDue(db: Q, now: Date): Promise<boolean> {
  const { rows } = await db.query<{ due: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM notices WHERE status = 'unknown' AND next_attempt_at <= $1) AS due`,
    [now],
  );
  return rows[0]!.due;
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

/**
 * The provider accepted the send but recording it failed: the notice becomes `unknown` with
 * `accepted_at`, which the resolution records as sent without asking anyone and without sending.
 * One statement (notice and its attempt), so it needs the database as little as possible;
 * fenced like the record.
 */
export async function markSentUnrecorded(
  db: Q,
  noticeIds: readonly string[],
  claimedAt: Date,
  now: Date,
  providerMessageId: string | undefined,
): Promise<void> {
  await db.query(
    `WITH n AS (
       UPDATE notices SET status = 'unknown', accepted_at = $3, next_attempt_at = $3,
         provider_message_id = $4, lease_owner = NULL, lease_until = NULL
       WHERE notice_id = ANY($1::uuid[]) AND status = 'sending' AND sending_since = $2
       RETURNING notice_id)
     UPDATE delivery_log SET finished_at = $3, outcome = 'unknown',
       error = 'sent; recording the outcome failed', provider_message_id = $4
     WHERE notice_id IN (SELECT notice_id FROM n) AND kind = 'attempt' AND outcome = 'in_flight'`,
    [noticeIds, claimedAt, now, providerMessageId ?? null],
  );
}

/**
 * A send that timed out where the provider cannot dedupe (SMS): the request may have gone out,
 * so the notice is `unknown` and settled by the provider's status at `lookupAt` (late enough for
 * a slow provider to have listed it), never retried blind.
 */
export async function markOutcomeUnknown(
  db: Q,
  n: NoticeRow,
  claimedAt: Date,
  now: Date,
  reason: string,
  lookupAt: Date,
): Promise<void> {
  const r = await db.query(
    `UPDATE notices SET status = 'unknown', next_attempt_at = $4, last_error = $3,
       lease_owner = NULL, lease_until = NULL
     WHERE notice_id = $1 AND status = 'sending' AND sending_since = $2`,
    [n.notice_id, claimedAt, reason, lookupAt],
  );
  if (r.rowCount === 0) return;
  await db.query(
    `UPDATE delivery_log SET finished_at = $2, outcome = 'unknown', error = $3
     WHERE notice_id = $1 AND kind = 'attempt' AND outcome = 'in_flight'`,
    [n.notice_id, now, reason],
  );
  await logEntry(db, [n], 'recovery', 'held_unknown', now, reason);
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
