import type pg from 'pg';
import type { CaseFacts } from '../domain/kpis/kpis.js';

type Q = Pick<pg.ClientBase, 'query'>;

/** What the KPIs read of a case `c`: the one definition both the KPIs and the dashboard use. */
export const CASE_FACT_COLUMNS = `c.case_type, c.origin, c.status, c.opened_at,
  c.data -> 'resolution' ->> 'at' AS resolved_at,
  c.breached OR jsonb_array_length(COALESCE(c.data -> 'sla' -> 'breaches', '[]')) > 0 AS breached,
  jsonb_array_length(COALESCE(c.data -> 'requests', '[]'))::int AS contacts,
  c.escalation_level <> 'l1' AS escalated,
  EXISTS (SELECT 1 FROM case_audit a WHERE a.case_id = c.case_id AND a.action = 'reopened') AS reopened`;

/** The facts of the cases opened in [since, until], and the SLA breaches recorded in it. */
export async function kpiFacts(
  db: Q,
  window: { since?: Date; until: Date },
): Promise<{ cases: CaseFacts[]; breaches: { clock: string }[] }> {
  const since = window.since ?? new Date(0);
  const [cases, breaches] = await Promise.all([
    db.query<{
      case_type: CaseFacts['caseType'];
      origin: CaseFacts['origin'];
      status: string;
      opened_at: Date;
      resolved_at: string | null;
      breached: boolean;
      contacts: number;
      escalated: boolean;
      reopened: boolean;
    }>(`SELECT ${CASE_FACT_COLUMNS} FROM cases c WHERE c.opened_at >= $1 AND c.opened_at <= $2`, [
      since,
      window.until,
    ]),
    db.query<{ clock: string }>('SELECT clock FROM sla_breaches WHERE at >= $1 AND at <= $2', [
      since,
      window.until,
    ]),
  ]);
  return {
    cases: cases.rows.map((r) => ({
      caseType: r.case_type,
      origin: r.origin,
      status: r.status,
      openedAt: r.opened_at.toISOString(),
      breached: r.breached,
      contacts: r.contacts,
      escalated: r.escalated,
      reopened: r.reopened,
      ...(r.resolved_at ? { resolvedAt: r.resolved_at } : {}),
    })),
    breaches: breaches.rows,
  };
}
