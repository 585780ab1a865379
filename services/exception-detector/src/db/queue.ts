import type pg from 'pg';
import type { Case } from '../domain/cases/case.js';
import type { GrantingRole } from '../domain/remedy/remedy-approval.js';
import type { RemedyPolicy } from '../domain/remedy/remedy-policy.js';
import { caseFilterSql } from './case-filter.js';
import { pendingApprovalSql } from './pending-approvals.js';

export interface QueueFilter {
  customerId?: string;
  owner?: string;
  queue?: string;
  tier?: string;
  /** The dashboard's site and carrier filters, as its figures count them (case-filter.ts). */
  site?: string;
  carrier?: string;
  caseType?: string;
  slaState?: 'breached' | 'at_risk' | 'on_track' | 'paused';
  status: 'open' | 'closed' | 'all';
  /** Only cases the customer contacted us about (true) or never did (false). */
  contacted?: boolean;
  /** Only cases opened in this window, both ends included, as the dashboard counts them. */
  openedSince?: Date;
  openedUntil?: Date;
  /** Only cases whose remedy awaits approval; with `approver`, an approval that role may give. */
  remedyPending?: { policy: RemedyPolicy; approver?: GrantingRole };
  /** Warning horizon for at_risk, in minutes. */
  atRiskMinutes: number;
  now: Date;
  after?: { dueAt: string | null; caseId: string };
  limit: number;
}

/** The CSR queue: most urgent deadline first (cases without a running clock last), keyset-paginated. */
export async function queryQueue(
  db: Pick<pg.ClientBase, 'query'>,
  f: QueueFilter,
): Promise<Case[]> {
  const where = ['true'];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.customerId) add('customer_id = ?', f.customerId);
  if (f.owner) add('assignee_user = ?', f.owner);
  if (f.queue) add('queue = ?', f.queue);
  if (f.tier) add('customer_tier = ?', f.tier);
  if (f.caseType) add('case_type = ?', f.caseType);
  if (f.openedSince) add('opened_at >= ?', f.openedSince);
  if (f.openedUntil) add('opened_at <= ?', f.openedUntil);
  if (f.site || f.carrier) {
    where.push(`true ${caseFilterSql({ site: f.site, carrier: f.carrier }, params)}`);
  }
  if (f.status === 'open') where.push(`status IN ('open', 'in_progress', 'waiting_on_customer')`);
  if (f.status === 'closed') where.push(`status IN ('resolved', 'closed')`);
  if (f.contacted !== undefined)
    where.push(
      `jsonb_array_length(COALESCE(data -> 'requests', '[]')) ${f.contacted ? '>' : '='} 0`,
    );
  if (f.remedyPending) {
    const { policy, approver } = f.remedyPending;
    const bind = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    where.push(pendingApprovalSql(policy, bind, approver));
  }
  if (f.slaState === 'paused') where.push('paused');
  if (f.slaState === 'breached') add('(breached OR next_due_at <= ?)', f.now);
  if (f.slaState === 'at_risk') {
    add('NOT breached AND next_due_at > ?', f.now);
    add('next_due_at <= ?', new Date(f.now.getTime() + f.atRiskMinutes * 60_000));
  }
  if (f.slaState === 'on_track') {
    add(
      'NOT breached AND NOT paused AND (next_due_at IS NULL OR next_due_at > ?)',
      new Date(f.now.getTime() + f.atRiskMinutes * 60_000),
    );
  }
  // Sort key (due, id) with NULL dues last, encoded as 'infinity' so keyset comparison works.
  const key = `(COALESCE(next_due_at, 'infinity'::timestamptz), case_id)`;
  if (f.after) {
    params.push(f.after.dueAt ?? 'infinity', f.after.caseId);
    where.push(`${key} > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(f.limit);
  const { rows } = await db.query<{ data: Case }>(
    `SELECT data FROM cases c WHERE ${where.join(' AND ')} ORDER BY ${key} LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => r.data);
}

export async function auditTrail(db: Pick<pg.ClientBase, 'query'>, caseId: string) {
  const { rows } = await db.query<{
    at: Date;
    actor: string;
    role: string | null;
    action: string;
    detail: Record<string, unknown>;
  }>('SELECT at, actor, role, action, detail FROM case_audit WHERE case_id = $1 ORDER BY id', [
    caseId,
  ]);
  return rows.map((r) => ({
    at: r.at.toISOString(),
    actor: r.actor,
    role: r.role,
    action: r.action,
    detail: r.detail,
  }));
}
