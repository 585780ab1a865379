import { randomUUID } from 'node:crypto';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../domain/policy.js';
import {
  approvalState,
  GRANTING_ROLES,
  mayGrant,
  type RemedyApproval,
} from '../domain/remedy/remedy-approval.js';
import type { Remedy, RemedyPolicy } from '../domain/remedy/remedy-policy.js';
import { migratedPool } from '../testing/db.js';
import { countPendingApprovals, pendingApprovalSql } from './pending-approvals.js';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const credit = (amountMinor: number, description = 'Credit'): Remedy => ({
  kind: 'percent_credit',
  creditPercent: 15,
  amount: usd(amountMinor),
  description,
});

/** Remedies on either side of each role's limit, without an amount, and an executive review. */
const REMEDIES: (Remedy | undefined)[] = [
  undefined,
  { kind: 'none', description: 'No compensation suggested' },
  { kind: 'replacement', description: 'Replace the line' },
  credit(50_000),
  credit(50_001),
  credit(500_000),
  credit(500_001),
  { kind: 'executive_review', amount: usd(10_000), description: 'Waive the fee' },
];

/** What a decision may have been recorded on: that very offer, or an earlier one. */
const decisions = (r: Remedy | undefined): (RemedyApproval | undefined)[] => {
  if (!r) return [undefined];
  const on = (remedy: Remedy, status: 'approved' | 'declined'): RemedyApproval => ({
    status,
    remedy,
    needs: 'team_lead',
    by: 'lead-ann',
    role: 'team_lead',
    at: '2025-03-06T14:00:00.000Z',
  });
  return [
    undefined,
    on(r, 'approved'),
    on(r, 'declined'),
    // An earlier proposal was approved; this one is a new offer (other words, other credit).
    on({ ...r, description: `${r.description} (earlier)` }, 'approved'),
    on({ ...r, creditPercent: 10 }, 'declined'),
    on({ ...r, amount: usd((r.amount?.amountMinor ?? 0) + 1) }, 'approved'),
  ];
};

/**
 * The queue's pending-approval filter and the badge's counts are SQL over the stored case; the
 * case page asks the domain (approvalState). On every remedy around the limits and every kind of
 * recorded decision, both must give one answer, under the default policy and another.
 */
describe('pending approvals in SQL agree with the domain (real PostgreSQL)', () => {
  let env: TestEnv;
  let pool: pg.Pool;
  const rows: { caseId: string; status: string; remedy?: Remedy; approval?: RemedyApproval }[] = [];

  beforeAll(async () => {
    env = await createTestEnv('detector-pending-approvals');
    pool = await migratedPool(env.databaseUrl);
    for (const remedy of REMEDIES)
      for (const approval of decisions(remedy))
        for (const status of ['in_progress', 'resolved']) {
          const caseId = randomUUID();
          rows.push({
            caseId,
            status,
            ...(remedy ? { remedy } : {}),
            ...(approval ? { approval } : {}),
          });
          const data = {
            caseId,
            status,
            ...(remedy ? { remedy } : {}),
            ...(approval ? { remedyApproval: approval } : {}),
          };
          await pool.query(
            `INSERT INTO cases (case_id, case_type, subject_kind, subject_id, status, origin,
               queue, priority, escalation_level, opened_at, updated_at, version, data)
             VALUES ($1, 'short_pick_backorder', 'order', $2, $3, 'detected', 'fulfilment',
               'normal', 'l1', now(), now(), 1, $4)`,
            [caseId, `SO-${caseId}`, status, data],
          );
        }
  });
  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  const sqlPending = async (policy: RemedyPolicy, approver?: (typeof GRANTING_ROLES)[number]) => {
    const params: unknown[] = [];
    const where = pendingApprovalSql(
      policy,
      (v) => {
        params.push(v);
        return `$${params.length}`;
      },
      approver,
    );
    const { rows: found } = await pool.query<{ case_id: string }>(
      `SELECT case_id FROM cases WHERE ${where}`,
      params,
    );
    return found.map((r) => r.case_id).sort();
  };
  const domainPending = (policy: RemedyPolicy, approver?: (typeof GRANTING_ROLES)[number]) =>
    rows
      .filter((r) => approvalState(policy, r.remedy, r.approval)?.status === 'pending')
      .filter((r) => !approver || mayGrant(policy, approver, r.remedy!))
      .map((r) => r.caseId)
      .sort();

  const policies: [string, RemedyPolicy][] = [
    ['the default policy', defaultPolicy.remedy],
    [
      'CSRs without a limit, team leads at $1,000',
      {
        ...defaultPolicy.remedy,
        roleCreditLimitMinor: { csr: null, team_lead: 100_000, ops_manager: null, executive: null },
      },
    ],
  ];

  it.each(policies)('lists the same pending remedies as the domain under %s', async (_, policy) => {
    const pending = domainPending(policy);
    // The matrix does hold pending remedies, and decided ones that are not.
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.length).toBeLessThan(rows.filter((r) => r.remedy).length);
    expect(await sqlPending(policy)).toEqual(pending);
    for (const role of GRANTING_ROLES)
      expect({ role, ids: await sqlPending(policy, role) }).toEqual({
        role,
        ids: domainPending(policy, role),
      });
  });

  it('counts the open ones only, all and those the role may approve', async () => {
    const open = (ids: string[]) =>
      ids.filter((id) => rows.find((r) => r.caseId === id)!.status === 'in_progress').length;
    const policy = defaultPolicy.remedy;
    for (const role of GRANTING_ROLES) {
      expect(await countPendingApprovals(pool, policy, role)).toEqual({
        pending: open(domainPending(policy)),
        yours: open(domainPending(policy, role)),
      });
    }
    // Under the default policy: a team lead approves credits up to $5,000, not an executive review.
    const lead = await countPendingApprovals(pool, policy, 'team_lead');
    expect(lead.yours).toBeGreaterThan(0);
    expect(lead.yours).toBeLessThan(lead.pending);
    expect((await countPendingApprovals(pool, policy, 'csr')).yours).toBe(0);
  });
});
