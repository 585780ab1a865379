import type pg from 'pg';
import type { CaseFacts } from '../domain/kpis/kpis.js';
import { caseFilterSql, type DashboardFilter } from './case-filter.js';
import { CASE_FACT_COLUMNS } from './kpis.js';

export type { DashboardFilter } from './case-filter.js';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * The facts of the cases opened or resolved in [since, until] that match the filter, each with
 * its customer. Cases opened before the window come along only for the resolutions a daily
 * series counts; the KPIs keep to those opened in it.
 */
export async function dashboardFacts(
  db: Q,
  window: { since: Date; until: Date },
  filter: DashboardFilter,
): Promise<{
  cases: (CaseFacts & { customerId: string | null })[];
  breaches: { clock: string }[];
}> {
  const params: unknown[] = [window.since, window.until];
  const matches = caseFilterSql(filter, params);
  const [rows, breaches] = await Promise.all([
    db.query<{
      case_type: CaseFacts['caseType'];
      origin: CaseFacts['origin'];
      status: string;
      customer_id: string | null;
      opened_at: Date;
      resolved_at: string | null;
      breached: boolean;
      contacts: number;
      escalated: boolean;
      reopened: boolean;
    }>(
      `SELECT * FROM (
         SELECT ${CASE_FACT_COLUMNS}, c.customer_id
         FROM cases c WHERE true ${matches}
       ) f
       WHERE (f.opened_at >= $1 AND f.opened_at <= $2)
          OR (f.resolved_at IS NOT NULL AND f.resolved_at::timestamptz >= $1 AND f.resolved_at::timestamptz <= $2)`,
      params,
    ),
    db.query<{ clock: string }>(
      `SELECT b.clock FROM sla_breaches b JOIN cases c ON c.case_id = b.case_id
       WHERE b.at >= $1 AND b.at <= $2 ${matches}`,
      params,
    ),
  ]);
  return {
    cases: rows.rows.map((r) => ({
      caseType: r.case_type,
      origin: r.origin,
      status: r.status,
      customerId: r.customer_id,
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

/** The customers, carriers and sites the dashboard's filters offer: those the cases' subjects know. */
export async function dashboardChoices(
  db: Q,
): Promise<{ customers: string[]; carriers: string[]; sites: string[] }> {
  const [customers, carriers, sites] = await Promise.all([
    db.query<{ v: string }>(
      'SELECT DISTINCT customer_id AS v FROM cases WHERE customer_id IS NOT NULL ORDER BY 1 LIMIT 500',
    ),
    db.query<{ v: string }>(
      `SELECT DISTINCT data ->> 'carrier' AS v FROM shipment_views
       WHERE data ->> 'carrier' IS NOT NULL ORDER BY 1 LIMIT 200`,
    ),
    db.query<{ v: string }>(
      `SELECT DISTINCT data ->> 'siteId' AS v FROM order_views
       WHERE data ->> 'siteId' IS NOT NULL ORDER BY 1 LIMIT 200`,
    ),
  ]);
  const values = (r: { rows: { v: string }[] }) => r.rows.map((x) => x.v);
  return { customers: values(customers), carriers: values(carriers), sites: values(sites) };
}
