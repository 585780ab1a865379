import type pg from 'pg';
import type { GrantingRole } from '../domain/remedy/remedy-approval.js';
import type { RemedyPolicy } from '../domain/remedy/remedy-policy.js';

/** Binds a value as the query's next parameter and gives its placeholder ($n). */
export type Bind = (value: unknown) => string;

const OPEN = `status IN ('open', 'in_progress', 'waiting_on_customer')`;
const AMOUNT = `COALESCE((data #>> '{remedy,amount,amountMinor}')::bigint, 0)`;
const REVIEW = `(data #>> '{remedy,kind}') = 'executive_review'`;
/** The fields that make two remedies the same offer (sameRemedy in remedy-approval.ts). */
const OFFER = [
  ['kind'],
  ['creditPercent'],
  ['amount', 'amountMinor'],
  ['amount', 'currency'],
  ['description'],
];

/** SQL for mayGrant: the role may let the case's remedy go to the customer on its own word. */
export function grantableSql(policy: RemedyPolicy, role: GrantingRole, bind: Bind): string {
  const limit = policy.roleCreditLimitMinor[role];
  const credit = limit === null ? 'true' : `${AMOUNT} <= ${bind(limit)}`;
  // An executive review is an executive's decision, whatever its amount.
  return role === 'executive' ? `(${REVIEW} OR ${credit})` : `(NOT ${REVIEW} AND ${credit})`;
}

/**
 * SQL over the `cases` row's `data` for approvalState(...).status === 'pending': a remedy a CSR
 * may not grant, with no decision recorded on that very offer; with `approver`, only those that
 * role may approve. The domain decides the same from the case (remedyApprovalOf); the
 * pending-approvals integration test holds the two to one answer.
 */
export function pendingApprovalSql(
  policy: RemedyPolicy,
  bind: Bind,
  approver?: GrantingRole,
): string {
  const decided = OFFER.map(
    (path) =>
      `(data #> '{remedyApproval,remedy,${path.join(',')}}') IS NOT DISTINCT FROM (data #> '{remedy,${path.join(',')}}')`,
  ).join(' AND ');
  return [
    `jsonb_typeof(data -> 'remedy') = 'object'`,
    `NOT ${grantableSql(policy, 'csr', bind)}`,
    `NOT (${decided})`,
    ...(approver ? [grantableSql(policy, approver, bind)] : []),
  ].join(' AND ');
}

/** Open cases whose remedy awaits approval: all of them, and those `role` may approve. */
export async function countPendingApprovals(
  db: Pick<pg.ClientBase, 'query'>,
  policy: RemedyPolicy,
  role: GrantingRole,
): Promise<{ pending: number; yours: number }> {
  const params: unknown[] = [];
  const bind: Bind = (v) => {
    params.push(v);
    return `$${params.length}`;
  };
  const pending = pendingApprovalSql(policy, bind);
  const yours = grantableSql(policy, role, bind);
  const { rows } = await db.query<{ pending: number; yours: number }>(
    `SELECT count(*)::int AS pending, count(*) FILTER (WHERE ${yours})::int AS yours
       FROM cases WHERE ${OPEN} AND ${pending}`,
    params,
  );
  return rows[0] ?? { pending: 0, yours: 0 };
}
