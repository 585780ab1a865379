import type pg from 'pg';
import type { CaseFacts } from '../domain/kpis/kpis.js';

type Q = Pick<pg.ClientBase, 'query'>;

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
    }>(
      `SELECT case_type, origin, status, opened_at, data -> 'resolution' ->> 'at' AS resolved_at,
              breached OR jsonb_array_length(COALESCE(data -> 'sla' -> 'breaches', '[]')) > 0 AS breached
       FROM cases WHERE opened_at >= $1 AND opened_at <= $2`,
      [since, window.until],
    ),
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
      ...(r.resolved_at ? { resolvedAt: r.resolved_at } : {}),
    })),
    breaches: breaches.rows,
  };
}
