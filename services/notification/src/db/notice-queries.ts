import type pg from 'pg';
import type { z } from 'zod';
import type { noticeView } from '../routes/schemas.js';
import type { NoticeRow } from './notice-row.js';
import { logEntry } from './record.js';

type Q = Pick<pg.ClientBase, 'query'>;
export type NoticeView = z.infer<typeof noticeView>;

interface LogRow {
  notice_id: string;
  kind: string;
  attempt: number | null;
  channel: string;
  address: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: string;
  error: string | null;
  provider_message_id: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function view(n: NoticeRow, log: LogRow[]): NoticeView {
  return {
    noticeId: n.notice_id,
    customerId: n.customer_id,
    contactId: n.contact_id,
    template: n.template,
    language: n.language,
    channel: n.channel,
    address: n.address,
    mode: n.mode,
    critical: n.critical,
    status: n.status,
    orderId: n.order_id,
    shipmentId: n.shipment_id,
    caseId: n.case_id,
    trackingReference: n.tracking_reference,
    triggerEventId: n.trigger_event_id,
    triggerType: n.trigger_type,
    dueAt: n.due_at.toISOString(),
    attempts: n.attempts,
    sentAt: iso(n.sent_at),
    lastError: n.last_error,
    createdAt: n.created_at.toISOString(),
    log: log.map((l) => ({
      kind: l.kind,
      attempt: l.attempt,
      channel: l.channel,
      address: l.address,
      startedAt: l.started_at.toISOString(),
      finishedAt: iso(l.finished_at),
      outcome: l.outcome,
      error: l.error,
      providerMessageId: l.provider_message_id,
    })),
  };
}

export interface NoticeFilter {
  customerId?: string;
  orderId?: string;
  caseId?: string;
  noticeId?: string;
  status?: string;
  limit: number;
}

/** Notices with their whole delivery log, newest first. */
export async function listNotices(db: Q, f: NoticeFilter): Promise<NoticeView[]> {
  const { rows } = await db.query<NoticeRow>(
    `SELECT * FROM notices
     WHERE ($1::text IS NULL OR customer_id = $1) AND ($2::text IS NULL OR order_id = $2)
       AND ($3::uuid IS NULL OR notice_id = $3) AND ($4::text IS NULL OR status = $4)
       AND ($6::text IS NULL OR case_id = $6)
     ORDER BY created_at DESC, notice_id LIMIT $5`,
    [
      f.customerId ?? null,
      f.orderId ?? null,
      f.noticeId ?? null,
      f.status ?? null,
      f.limit,
      f.caseId ?? null,
    ],
  );
  const logs = await db.query<LogRow>(
    'SELECT * FROM delivery_log WHERE notice_id = ANY($1::uuid[]) ORDER BY entry_id',
    [rows.map((r) => r.notice_id)],
  );
  return rows.map((n) =>
    view(
      n,
      logs.rows.filter((l) => l.notice_id === n.notice_id),
    ),
  );
}

export async function noticeRow(
  db: Q,
  noticeId: string,
  lock = false,
): Promise<NoticeRow | undefined> {
  const { rows } = await db.query<NoticeRow>(
    `SELECT * FROM notices WHERE notice_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [noticeId],
  );
  return rows[0];
}

/** Statuses a person may ask to send again: never one that is queued or in flight. */
export const RESENDABLE = new Set(['sent', 'delivered', 'bounced', 'dead', 'unknown']);

/**
 * Queues a deliberate resend from the first destination, under a fresh provider key (the
 * recipient would otherwise drop it as a duplicate), and logs who asked.
 */
export async function queueResend(db: Q, n: NoticeRow, now: Date, by: string): Promise<void> {
  await db.query(
    `UPDATE notices SET status = 'pending', resends = resends + 1, destination_index = 0,
       channel = destinations->0->>'channel', address = destinations->0->>'address',
       channel_attempts = 0, next_attempt_at = $2, batch_id = NULL, sending_since = NULL
     WHERE notice_id = $1`,
    [n.notice_id, now],
  );
  await logEntry(db, [n], 'resend', 'queued', now, `requested by ${by}`);
}

export type CallbackOutcome = 'delivered' | 'bounced' | 'failed' | 'complained';

/**
 * A provider callback (bounce, delivery receipt) about a message we sent: logged, and a
 * delivered or bounced verdict becomes the notice status. Matches by provider message id.
 */
export async function applyCallback(
  db: Q,
  providerMessageId: string,
  outcome: CallbackOutcome,
  detail: string | null,
  now: Date,
): Promise<number> {
  const { rows } = await db.query<NoticeRow>(
    'SELECT * FROM notices WHERE provider_message_id = $1 FOR UPDATE',
    [providerMessageId],
  );
  const status =
    outcome === 'delivered' ? 'delivered' : outcome === 'complained' ? null : 'bounced';
  if (status) {
    await db.query(
      `UPDATE notices SET status = $2, last_error = COALESCE($3, last_error)
       WHERE notice_id = ANY($1::uuid[]) AND status IN ('sent', 'delivered', 'bounced')`,
      [rows.map((r) => r.notice_id), status, status === 'bounced' ? detail : null],
    );
  }
  await logEntry(db, rows, 'callback', outcome, now, detail, providerMessageId);
  return rows.length;
}
