import { storedTraceContext, type OutboxEvent } from '@forewarn/db';
import type pg from 'pg';
import type { AfterFailure } from '../domain/retry-policy.js';
import { failedEvent, sentEvent } from '../delivery/notification-events.js';
import type { NoticeRow } from './notice-row.js';
import { EXCEPTION_TEMPLATES } from '../domain/channels.js';
import { contactedBeforeSql, firstToldSql } from './proactivity.js';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * The outbox side of a record: each notice's event encoded both ways (proactive or not), as
 * parameters of the `input` CTE, since the flag depends on the customer's contacts, read in the
 * statement. `announceSql` then keeps the encoding that holds.
 */
function eventParams(events: readonly { proactive: OutboxEvent; reactive: OutboxEvent }[]) {
  return [
    events.map((e) => e.proactive.eventId),
    events.map((e) => e.proactive.topic),
    events.map((e) => e.proactive.value),
    events.map((e) => e.reactive.value),
  ];
}

/** SQL: the outbox rows of the notices in `recorded` (with `ord`), told proactive as of `at`. */
const announceSql = (recorded: string, at: string) => `
  INSERT INTO outbox (event_id, topic, key, value, headers)
  SELECT i.event_id, i.topic, s.notice_id::text,
    CASE WHEN ${contactedBeforeSql('s', at)} THEN i.reactive_value ELSE i.proactive_value END,
    i.headers
  FROM ${recorded} s JOIN input i ON i.notice_id = s.notice_id
  ORDER BY s.ord`;

/** The outbox row's headers: the given trace context, else the active span's. */
const traceHeaders = (headers: Record<string, string> | undefined) =>
  JSON.stringify(headers ?? storedTraceContext(null) ?? {});

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
     announced AS (${announceSql('sent', 's.sent_at')})
     SELECT notice_id FROM sent ORDER BY ord`,
    [
      col((s) => s.notice.notice_id),
      col((s) => s.claimedAt),
      col((s) => s.sentAt),
      col((s) => s.providerMessageId ?? null),
      ...eventParams(col((s) => ({ proactive: event(s, true), reactive: event(s, false) }))),
      col((s) => traceHeaders(s.headers)),
      logKind,
      EXCEPTION_TEMPLATES,
    ],
  );
  return rows.map((r) => r.notice_id);
}

/** A send that failed, and what comes after it (domain/retry-policy.ts). */
export interface FailedSend {
  notice: NoticeRow;
  /** The claim's `sending_since`: the fencing token. */
  claimedAt: Date;
  next: AfterFailure;
}

/**
 * Records failed sends, any number in one statement: each notice back to `pending` at its retry
 * time (on its next destination when it fails over) or `dead`, its attempt closed, and
 * notification.failed in the outbox with its proactive flag. Fenced by the claim like recordSent.
 */
export async function recordFailed(
  db: Q,
  failures: readonly FailedSend[],
  now: Date,
  error: { message: string; retriable: boolean },
  headers?: Record<string, string>,
): Promise<void> {
  if (failures.length === 0) return;
  const col = <T>(f: (s: FailedSend) => T) => failures.map(f);
  const retry = (f: FailedSend) => (f.next.action === 'retry' ? f.next : null);
  const dest = (f: FailedSend) => {
    const r = retry(f);
    return r ? f.notice.destinations[r.destinationIndex] : undefined;
  };
  const event = (f: FailedSend, proactive: boolean) =>
    failedEvent(f.notice, now, proactive, error.message, error.retriable, retry(f)?.at ?? null);
  await db.query(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::timestamptz[],
         $5::int[], $6::text[], $7::text[], $8::boolean[], $9::uuid[], $10::text[], $11::bytea[],
         $12::bytea[], $13::jsonb[])
         WITH ORDINALITY AS t(notice_id, claimed_at, status, retry_at, destination_index, channel,
           address, failover, event_id, topic, proactive_value, reactive_value, headers, ord)),
     failed AS (
       UPDATE notices n SET status = i.status,
         next_attempt_at = COALESCE(i.retry_at, n.next_attempt_at),
         destination_index = COALESCE(i.destination_index, n.destination_index),
         channel = COALESCE(i.channel, n.channel), address = COALESCE(i.address, n.address),
         channel_attempts = CASE WHEN i.failover THEN 0 ELSE n.channel_attempts END,
         last_error = $14, sending_since = NULL, lease_owner = NULL, lease_until = NULL
       FROM input i
       WHERE n.notice_id = i.notice_id AND n.status = 'sending' AND n.sending_since = i.claimed_at
       RETURNING n.notice_id, n.customer_id, n.case_id, n.order_id, n.shipment_id, n.status, i.ord),
     closed AS (
       UPDATE delivery_log l SET finished_at = $15,
         outcome = CASE WHEN f.status = 'pending' THEN 'failed' ELSE 'dead_lettered' END, error = $14
       FROM failed f
       WHERE l.notice_id = f.notice_id AND l.kind = 'attempt' AND l.outcome = 'in_flight'),
     announced AS (${announceSql('failed', '$15::timestamptz')})
     SELECT count(*) FROM failed`,
    [
      col((f) => f.notice.notice_id),
      col((f) => f.claimedAt),
      col((f) => (retry(f) ? 'pending' : 'dead')),
      col((f) => retry(f)?.at ?? null),
      col((f) => retry(f)?.destinationIndex ?? null),
      col((f) => dest(f)?.channel ?? null),
      col((f) => dest(f)?.address ?? null),
      col((f) => retry(f)?.failover ?? false),
      ...eventParams(col((f) => ({ proactive: event(f, true), reactive: event(f, false) }))),
      col(() => traceHeaders(headers)),
      error.message,
      now,
    ],
  );
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
