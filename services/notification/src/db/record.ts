import { enqueueOutbox } from '@forewarn/db';
import type pg from 'pg';
import type { AfterFailure } from '../domain/retry-policy.js';
import { failedEvent, sentEvent } from '../delivery/notification-events.js';
import type { NoticeRow } from './notice-row.js';
import { isProactive, noticeSent, type SentNotice } from './proactivity.js';

type Q = Pick<pg.ClientBase, 'query'>;

const sentNotice = (n: NoticeRow): SentNotice => ({
  noticeId: n.notice_id,
  customerId: n.customer_id,
  template: n.template,
  caseId: n.case_id,
  orderId: n.order_id,
  shipmentId: n.shipment_id,
});

/**
 * Records a send that the provider accepted: notice sent, attempt closed, proactivity updated,
 * notification.sent in the outbox, all in the caller's transaction. Only rows still `sending`
 * under our claim are touched (the claim time is the fencing token), so a recovery that took the
 * notice over after a stall is never overwritten. Returns the notices recorded.
 */
export async function recordSent(
  db: Q,
  notices: readonly NoticeRow[],
  claimedAt: Date,
  now: Date,
  providerMessageId: string | undefined,
  logKind: 'attempt' | 'recovery' = 'attempt',
): Promise<NoticeRow[]> {
  const { rows } = await db.query<NoticeRow>(
    `UPDATE notices SET status = 'sent', sent_at = $2, provider_message_id = $3, last_error = NULL,
       lease_owner = NULL, lease_until = NULL
     WHERE notice_id = ANY($1::uuid[]) AND status IN ('sending', 'unknown') AND sending_since = $4
     RETURNING *`,
    [notices.map((n) => n.notice_id), now, providerMessageId ?? null, claimedAt],
  );
  const ids = rows.map((r) => r.notice_id);
  if (logKind === 'attempt') {
    await db.query(
      `UPDATE delivery_log SET finished_at = $2, outcome = 'sent', provider_message_id = $3
       WHERE notice_id = ANY($1::uuid[]) AND kind = 'attempt' AND outcome = 'in_flight'`,
      [ids, now, providerMessageId ?? null],
    );
  } else {
    await logEntry(db, rows, 'recovery', 'sent', now, null, providerMessageId);
  }
  const events = [];
  for (const n of rows) {
    await noticeSent(db, sentNotice(n), now);
    events.push(sentEvent(n, now, await isProactive(db, sentNotice(n), now), providerMessageId));
  }
  await enqueueOutbox(db, events);
  return rows;
}

export async function recordFailed(
  db: Q,
  n: NoticeRow,
  claimedAt: Date,
  now: Date,
  error: { message: string; retriable: boolean },
  next: AfterFailure,
): Promise<void> {
  const retry = next.action === 'retry' ? next : null;
  const dest = retry ? n.destinations[retry.destinationIndex] : undefined;
  const r = await db.query<NoticeRow>(
    `UPDATE notices SET status = $3, next_attempt_at = COALESCE($4, next_attempt_at),
       destination_index = COALESCE($5, destination_index),
       channel = COALESCE($6, channel), address = COALESCE($7, address),
       channel_attempts = CASE WHEN $8 THEN 0 ELSE channel_attempts END,
       last_error = $9, sending_since = NULL, lease_owner = NULL, lease_until = NULL
     WHERE notice_id = $1 AND status = 'sending' AND sending_since = $2 RETURNING notice_id`,
    [
      n.notice_id,
      claimedAt,
      retry ? 'pending' : 'dead',
      retry?.at ?? null,
      retry?.destinationIndex ?? null,
      dest?.channel ?? null,
      dest?.address ?? null,
      retry?.failover ?? false,
      error.message,
    ],
  );
  if (r.rowCount === 0) return;
  await db.query(
    `UPDATE delivery_log SET finished_at = $2, outcome = $3, error = $4
     WHERE notice_id = $1 AND kind = 'attempt' AND outcome = 'in_flight'`,
    [n.notice_id, now, retry ? 'failed' : 'dead_lettered', error.message],
  );
  const proactive = await isProactive(db, sentNotice(n), now);
  await enqueueOutbox(db, [
    failedEvent(n, now, proactive, error.message, error.retriable, retry?.at ?? null),
  ]);
}

export async function logEntry(
  db: Q,
  notices: readonly NoticeRow[],
  kind: 'recovery' | 'callback' | 'resend',
  outcome: string,
  now: Date,
  error: string | null,
  providerMessageId?: string,
): Promise<void> {
  if (notices.length === 0) return;
  await db.query(
    `INSERT INTO delivery_log (notice_id, kind, attempt, channel, address, batch_id, started_at,
       finished_at, outcome, error, provider_message_id)
     SELECT id, $2, att, ch, addr, batch, $3, $3, $4, $5, $6
     FROM unnest($1::uuid[], $7::int[], $8::text[], $9::text[], $10::uuid[]) AS t(id, att, ch, addr, batch)`,
    [
      notices.map((n) => n.notice_id),
      kind,
      now,
      outcome,
      error,
      providerMessageId ?? null,
      notices.map((n) => n.attempts),
      notices.map((n) => n.channel),
      notices.map((n) => n.address),
      notices.map((n) => n.batch_id),
    ],
  );
}
