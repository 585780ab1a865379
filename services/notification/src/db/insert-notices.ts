import { storedTraceContext } from '@forewarn/db';
import type pg from 'pg';
import type { PlannedNotice } from '../domain/plan-notices.js';
import type { Trigger } from '../domain/triggers.js';
import type { TemplateContext } from '../templates/template-store.js';

type Q = Pick<pg.ClientBase, 'query'>;

export interface NoticeToStore {
  plan: PlannedNotice;
  trigger: Trigger;
  context: TemplateContext;
}

/**
 * Stores planned notices in one statement. The unique idempotency key makes a replayed event
 * (or a second consumer racing on it) a no-op; returns how many rows were new.
 */
export async function insertNotices(
  db: Q,
  notices: readonly NoticeToStore[],
  now: Date,
): Promise<number> {
  const rows = notices.filter((n) => n.plan.destinations.length > 0);
  if (rows.length === 0) return 0;
  const col = <T>(f: (n: NoticeToStore) => T) => rows.map(f);
  const r = await db.query(
    `INSERT INTO notices (notice_id, idempotency_key, customer_id, contact_id, recipient, template,
       language, time_zone, destinations, channel, address, mode, critical, context,
       trigger_event_id, trigger_type, case_id, order_id, shipment_id, tracking_reference,
       due_at, next_attempt_at, created_at, trace_context)
     SELECT n.id, n.key, n.customer, n.contact, n.recipient, n.template, n.lang, n.tz, n.dest,
       n.dest->0->>'channel', n.dest->0->>'address', n.mode, n.critical, n.ctx,
       n.trig, n.trig_type, n.case_id, n.order_id, n.shipment_id, n.tracking, n.due, n.due, $20,
       n.trace
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::jsonb[], $10::text[], $11::boolean[], $12::jsonb[], $13::text[], $14::text[],
       $15::text[], $16::text[], $17::text[], $18::text[], $19::timestamptz[], $21::jsonb[])
       AS n(id, key, customer, contact, recipient, template, lang, tz, dest, mode, critical, ctx,
            trig, trig_type, case_id, order_id, shipment_id, tracking, due, trace)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      col((n) => n.plan.noticeId),
      col((n) => n.plan.idempotencyKey),
      col((n) => n.plan.customerId),
      col((n) => n.plan.contactId),
      col((n) => n.plan.recipient),
      col((n) => n.plan.template),
      col((n) => n.plan.language),
      col((n) => n.plan.timeZone),
      col((n) => JSON.stringify(n.plan.destinations)),
      col((n) => n.plan.mode),
      col((n) => n.plan.critical),
      col((n) => JSON.stringify(n.context)),
      col((n) => n.trigger.eventId),
      col((n) => n.trigger.eventType),
      col((n) => n.trigger.caseId ?? null),
      col((n) => n.trigger.orderId ?? null),
      col((n) => n.trigger.shipmentId ?? null),
      col((n) => n.trigger.trackingReference ?? null),
      col((n) => n.plan.dueAt),
      now,
      col((n) => {
        const trace = storedTraceContext(n.trigger.eventId);
        return trace ? JSON.stringify(trace) : null;
      }),
    ],
  );
  return r.rowCount ?? 0;
}
