import type pg from 'pg';
import { subjectFilterSql } from './subject-facts.js';
import { EXCEPTION_TEMPLATES } from '../domain/channels.js';
import {
  proactivityKpi,
  wasProactive,
  type ExceptionRecord,
  type ProactivityKpi,
  type ProactivitySignal,
} from '../domain/proactivity.js';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * A notice or a customer contact belongs to an exception when it is about the same case, order
 * or shipment of the same customer and falls in the exception's life, give or take this window:
 * the order event's notice (backorder, delay) often goes out just before the detector opens
 * the case about it.
 */
export const MATCH_WINDOW = `interval '72 hours'`;

export async function applySignals(db: Q, signals: readonly ProactivitySignal[]): Promise<void> {
  for (const s of signals) {
    if (s.kind === 'exception_opened') await exceptionOpened(db, s);
    else if (s.kind === 'customer_contacted') await customerContacted(db, s);
    else
      await db.query('UPDATE exceptions SET resolved_at = $2 WHERE case_id = $1', [s.caseId, s.at]);
  }
}

type Opened = Extract<ProactivitySignal, { kind: 'exception_opened' }>;
type Contacted = Extract<ProactivitySignal, { kind: 'customer_contacted' }>;

async function exceptionOpened(db: Q, s: Opened): Promise<void> {
  await db.query(
    `INSERT INTO exceptions (case_id, customer_id, case_type, order_id, shipment_id, opened_at,
       first_told_at, first_notice_id, customer_contacted_at, customer_tier)
     SELECT $1, $2, $3, $4, $5, $6::timestamptz, told.sent_at, told.notice_id,
       (SELECT min(c.at) FROM customer_contacts c
         WHERE c.customer_id = $2 AND (c.case_id = $1 OR c.order_id = $4 OR c.shipment_id = $5)
           AND c.at >= $6::timestamptz - ${MATCH_WINDOW}),
       $8
     FROM (SELECT 1) one
     LEFT JOIN LATERAL (
       SELECT n.sent_at, n.notice_id FROM notices n
       WHERE n.customer_id = $2 AND n.sent_at IS NOT NULL
         AND (n.case_id = $1 OR (n.template = ANY($7::text[]) AND (n.order_id = $4 OR n.shipment_id = $5)))
         AND n.sent_at >= $6::timestamptz - ${MATCH_WINDOW}
       ORDER BY n.sent_at LIMIT 1) told ON true
     ON CONFLICT (case_id) DO NOTHING`,
    [
      s.caseId,
      s.customerId,
      s.caseType,
      s.orderId ?? null,
      s.shipmentId ?? null,
      s.openedAt,
      EXCEPTION_TEMPLATES,
      s.customerTier ?? null,
    ],
  );
}

async function customerContacted(db: Q, s: Contacted): Promise<void> {
  const params = [s.customerId, s.caseId ?? null, s.orderId ?? null, s.shipmentId ?? null, s.at];
  await db.query(
    'INSERT INTO customer_contacts (customer_id, case_id, order_id, shipment_id, at) VALUES ($1, $2, $3, $4, $5)',
    params,
  );
  await db.query(
    `UPDATE exceptions SET customer_contacted_at = LEAST(COALESCE(customer_contacted_at, $5), $5)
     WHERE customer_id = $1 AND (case_id = $2 OR order_id = $3 OR shipment_id = $4)
       AND opened_at <= $5::timestamptz + ${MATCH_WINDOW}
       AND (resolved_at IS NULL OR resolved_at >= $5)`,
    params,
  );
}

/**
 * SQL: records, for the sent notices in `sent` (a CTE of notices rows with `ord`), the first time
 * the customer was told about each exception they are about. One exception told by several of
 * them takes the earliest (then the first in order), as recording them one by one did.
 * `$templates` is the parameter holding EXCEPTION_TEMPLATES.
 */
export const firstToldSql = (sent: string, templates: string) => `
  UPDATE exceptions e SET first_told_at = m.sent_at, first_notice_id = m.notice_id
  FROM (
    SELECT DISTINCT ON (x.case_id) x.case_id, s.notice_id, s.sent_at
    FROM ${sent} s JOIN exceptions x ON x.customer_id = s.customer_id
      AND (x.case_id = s.case_id
        OR (s.template = ANY(${templates}::text[]) AND (x.order_id = s.order_id OR x.shipment_id = s.shipment_id)))
      AND x.opened_at <= s.sent_at + ${MATCH_WINDOW}
      AND (x.resolved_at IS NULL OR x.resolved_at >= s.sent_at)
    ORDER BY x.case_id, s.sent_at, s.ord) m
  WHERE e.case_id = m.case_id AND (e.first_told_at IS NULL OR e.first_told_at > m.sent_at)`;

/**
 * SQL condition: the customer contacted us about the subject of notice `s` (customer_id,
 * case_id, order_id, shipment_id) within the window before `at`. Its notice was not proactive.
 */
export const contactedBeforeSql = (s: string, at: string) => `EXISTS (
  SELECT 1 FROM customer_contacts c
  WHERE c.customer_id = ${s}.customer_id
    AND (c.case_id = ${s}.case_id OR c.order_id = ${s}.order_id OR c.shipment_id = ${s}.shipment_id)
    AND c.at <= ${at} AND c.at >= ${at}::timestamptz - ${MATCH_WINDOW})`;

export interface ExceptionView extends ExceptionRecord {
  caseId: string;
  customerId: string;
  caseType: string;
  orderId: string | null;
  shipmentId: string | null;
  proactive: boolean;
}

export async function listExceptions(
  db: Q,
  filter: {
    customerId?: string;
    tier?: string;
    site?: string;
    carrier?: string;
    from?: Date;
    to?: Date;
  },
): Promise<{ exceptions: ExceptionView[]; kpi: ProactivityKpi }> {
  const params: unknown[] = [
    filter.customerId ?? null,
    filter.from ?? null,
    filter.to ?? null,
    filter.tier ?? null,
  ];
  const subject = subjectFilterSql(filter, params);
  const { rows } = await db.query<{
    case_id: string;
    customer_id: string;
    case_type: string;
    order_id: string | null;
    shipment_id: string | null;
    opened_at: Date;
    first_told_at: Date | null;
    customer_contacted_at: Date | null;
  }>(
    `SELECT e.* FROM exceptions e
     WHERE ($1::text IS NULL OR e.customer_id = $1)
       AND ($2::timestamptz IS NULL OR e.opened_at >= $2)
       AND ($3::timestamptz IS NULL OR e.opened_at < $3)
       AND ($4::text IS NULL OR e.customer_tier = $4)${subject}
     ORDER BY e.opened_at LIMIT 5000`,
    params,
  );
  const exceptions = rows.map((r) => {
    const rec = {
      openedAt: r.opened_at,
      firstToldAt: r.first_told_at,
      customerContactedAt: r.customer_contacted_at,
    };
    return {
      ...rec,
      caseId: r.case_id,
      customerId: r.customer_id,
      caseType: r.case_type,
      orderId: r.order_id,
      shipmentId: r.shipment_id,
      proactive: wasProactive(rec),
    };
  });
  return { exceptions, kpi: proactivityKpi(exceptions) };
}
