import { enqueueOutbox, storedTraceContext } from '@forewarn/db';
import type pg from 'pg';
import type { AfterFailure } from '../domain/retry-policy.js';
import { failedEvent, sentEvent } from '../delivery/notification-events.js';
import type { NoticeRow } from './notice-row.js';
import { EXCEPTION_TEMPLATES } from '../domain/channels.js';
import { contactedBeforeSql, firstToldSql, isProactive, type SentNotice } from './proactivity.js';

type Q = Pick<pg.ClientBase, 'query'>;

const sentNotice = (n: NoticeRow): SentNotice => ({
  noticeId: n.notice_id,
  customerId: n.customer_id,
  template: n.template,
  caseId: n.case_id,
  orderId: n.order_id,
  shipmentId: n.shipment_id,
});

/** A send the provider accepted, to be recorded. */
export interface AcceptedSend {
  notice: NoticeRow;
  /** The claim's `sending_since`: the fencing token. */
  claimedAt: Date;
  sentAt: Date;
  providerMessageId: string | undefined;
  /** The outbox row's headers (the send's trace context); default: the active span's. */
  headers?: Record<string, string>;
}

/**
 * Records sends that the provider accepted, any number in one statement (so in one transaction
 * without BEGIN/COMMIT round trips): notices sent, attempts closed (or, on recovery, a log entry
 * added), the exceptions they tell about marked told, notification.sent in the outbox with its
 * proactive flag. Only rows still `sending` (or `unknown`) under the send's claim are touched (the
 * claim time is the fencing token), so a recovery that took a notice over after a stall is never
 * overwritten. The flag depends on the customer's contacts, read in the statement: each event is
 * encoded both ways and the statement keeps the one that holds. Returns the notices recorded.
 */
export async function recordSent(
  db: Q,
  sends: readonly AcceptedSend[],
  logKind: 'attempt' | 'recovery' = 'attempt',
): Promise<string[]> {
  if (sends.length === 0) return [];
  const col = <T>(f: (s: AcceptedSend) => T) => sends.map(f);
  const event = (s: AcceptedSend, proactive: boolean) =>
    sentEvent(s.notice, s.sentAt, proactive, s.providerMessageId);
  const proactive = sends.map((s) => event(s, true));
  const { rows } = await db.query<{ notice_id: string }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[],
         $5::uuid[], $6::text[], $7::bytea[], $8::bytea[], $9::jsonb[])
         WITH ORDINALITY AS t(notice_id, claimed_at, sent_at, provider_message_id, event_id, topic,
           proactive_value, reactive_value, headers, ord)),
     sent AS (
       UPDATE notices n SET status = 'sent', sent_at = i.sent_at,
         provider_message_id = i.provider_message_id, last_error = NULL,
         lease_owner = NULL, lease_until = NULL
       FROM input i
       WHERE n.notice_id = i.notice_id AND n.status IN ('sending', 'unknown')
         AND n.sending_since = i.claimed_at
       RETURNING n.*, i.ord),
     attempt_closed AS (
       UPDATE delivery_log l SET finished_at = s.sent_at, outcome = 'sent',
         provider_message_id = s.provider_message_id
       FROM sent s
       WHERE $10 = 'attempt' AND l.notice_id = s.notice_id AND l.kind = 'attempt'
         AND l.outcome = 'in_flight'),
     recovery_logged AS (
       INSERT INTO delivery_log (notice_id, kind, attempt, channel, address, batch_id, started_at,
         finished_at, outcome, provider_message_id)
       SELECT notice_id, 'recovery', attempts, channel, address, batch_id, sent_at, sent_at, 'sent',
         provider_message_id
       FROM sent WHERE $10 = 'recovery' ORDER BY ord),
     told AS (${firstToldSql('sent', '$11')}),
     announced AS (
       INSERT INTO outbox (event_id, topic, key, value, headers)
       SELECT i.event_id, i.topic, s.notice_id::text,
         CASE WHEN ${contactedBeforeSql('s', 's.sent_at')} THEN i.reactive_value
           ELSE i.proactive_value END,
         i.headers
       FROM sent s JOIN input i ON i.notice_id = s.notice_id
       ORDER BY s.ord)
     SELECT notice_id FROM sent ORDER BY ord`,
    [
      col((s) => s.notice.notice_id),
      col((s) => s.claimedAt),
      col((s) => s.sentAt),
      col((s) => s.providerMessageId ?? null),
      proactive.map((e) => e.eventId),
      proactive.map((e) => e.topic),
      proactive.map((e) => e.value),
      col((s) => event(s, false).value),
      col((s) => JSON.stringify(s.headers ?? storedTraceContext(null) ?? {})),
      logKind,
      EXCEPTION_TEMPLATES,
    ],
  );
  return rows.map((r) => r.notice_id);
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
