import type pg from 'pg';
import type { AuditEntry, Case } from '../domain/cases/case.js';
import { isOpen } from '../domain/cases/case.js';
import { nextDue } from '../domain/sla/sla.js';
import type { CaseType, Subject } from '../domain/types.js';

type Q = Pick<pg.ClientBase, 'query'>;

/** Writes the case document and the columns the queue filters and sorts on. */
export async function saveCase(db: Q, c: Case): Promise<void> {
  await db.query(
    `INSERT INTO cases (case_id, case_type, subject_kind, subject_id, status, origin, customer_id,
       customer_tier, assignee_user, queue, priority, escalation_level, opened_at, updated_at, next_due_at,
       paused, breached, version, data)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)
     ON CONFLICT (case_id) DO UPDATE SET
       status = EXCLUDED.status, customer_id = EXCLUDED.customer_id, customer_tier = EXCLUDED.customer_tier,
       assignee_user = EXCLUDED.assignee_user, queue = EXCLUDED.queue, priority = EXCLUDED.priority,
       escalation_level = EXCLUDED.escalation_level, updated_at = EXCLUDED.updated_at,
       next_due_at = EXCLUDED.next_due_at, paused = EXCLUDED.paused, breached = EXCLUDED.breached,
       version = EXCLUDED.version,
       -- The CRM worker owns data.crm and writes it outside decisions: a decision never drops it.
       data = CASE WHEN cases.data ? 'crm' THEN jsonb_set(EXCLUDED.data, '{crm}', cases.data -> 'crm')
                   ELSE EXCLUDED.data END`,
    [
      c.caseId,
      c.caseType,
      c.subject.kind,
      c.subject.id,
      c.status,
      c.origin,
      c.party.customerId ?? null,
      c.party.tier ?? null,
      c.assignee.userId ?? null,
      c.assignee.queue,
      c.priority,
      c.escalationLevel,
      c.openedAt,
      c.updatedAt,
      isOpen(c) && !c.sla.pausedAt ? (nextDue(c.sla) ?? null) : null,
      Boolean(c.sla.pausedAt),
      c.sla.breaches.length > 0,
      c.version,
      JSON.stringify(c),
    ],
  );
}

export async function loadCase(db: Q, caseId: string, lock = false): Promise<Case | undefined> {
  const { rows } = await db.query<{ data: Case }>(
    `SELECT data FROM cases WHERE case_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [caseId],
  );
  return rows[0]?.data;
}

export async function priorIncidents(db: Q, customerId: string, caseType: CaseType, since: Date) {
  const { rows } = await db.query<{ case_id: string; opened_at: Date }>(
    `SELECT case_id, opened_at FROM cases
     WHERE customer_id = $1 AND case_type = $2 AND opened_at >= $3 ORDER BY opened_at DESC`,
    [customerId, caseType, since],
  );
  return rows.map((r) => ({ caseId: r.case_id, openedAt: r.opened_at.toISOString() }));
}

export async function appendAudit(
  db: Q,
  caseId: string,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO case_audit (case_id, at, actor, role, action, detail)
     SELECT $1, at, actor, role, action, detail
     FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
       WITH ORDINALITY AS a(at, actor, role, action, detail, ord) ORDER BY ord`,
    [
      caseId,
      entries.map((e) => e.at),
      entries.map((e) => e.actor),
      entries.map((e) => e.role ?? null),
      entries.map((e) => e.action),
      entries.map((e) => JSON.stringify(e.detail)),
    ],
  );
}

export async function recordBreach(
  db: Q,
  caseId: string,
  customerId: string | undefined,
  clock: string,
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO sla_breaches (case_id, customer_id, clock, at) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING`,
    [caseId, customerId ?? null, clock, at],
  );
}

export async function otherCasesBreached(
  db: Q,
  customerId: string,
  caseId: string,
  since: Date,
): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(DISTINCT case_id) AS n FROM sla_breaches
     WHERE customer_id = $1 AND at >= $2 AND case_id <> $3`,
    [customerId, since, caseId],
  );
  return Number(rows[0]?.n ?? 0);
}

/** The open cases about those subjects, locked for the transaction (PgStore reads them once). */
export async function openCases(db: Q, subjects: readonly Subject[]): Promise<Case[]> {
  if (subjects.length === 0) return [];
  const { rows } = await db.query<{ data: Case }>(
    `SELECT c.data FROM cases c
       JOIN unnest($1::text[], $2::text[]) AS s(kind, id)
         ON c.subject_kind = s.kind AND c.subject_id = s.id
     WHERE c.status IN ('open', 'in_progress', 'waiting_on_customer')
     ORDER BY c.case_id FOR UPDATE OF c`,
    [subjects.map((s) => s.kind), subjects.map((s) => s.id)],
  );
  return rows.map((r) => r.data);
}
