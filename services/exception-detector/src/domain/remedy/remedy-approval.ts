import type { Remedy, RemedyPolicy } from './remedy-policy.js';
import { withinCreditLimit } from './suggest-remedy.js';

export type GrantingRole = keyof RemedyPolicy['roleCreditLimitMinor'];

/** The ladder, least senior first: who may let a remedy go to the customer on their own word. */
export const GRANTING_ROLES: readonly GrantingRole[] = [
  'csr',
  'team_lead',
  'ops_manager',
  'executive',
];

/**
 * Whether a role may grant this remedy itself: a credit within the role's limit; an executive
 * review (fee waiver, larger credits) is an executive's decision, whoever asked for it.
 */
export function mayGrant(policy: RemedyPolicy, role: GrantingRole, remedy: Remedy): boolean {
  if (remedy.kind === 'executive_review') return role === 'executive';
  return withinCreditLimit(policy, role, remedy);
}

/** The least senior role that may grant the remedy (an executive's limit is the last resort). */
export const approverOf = (policy: RemedyPolicy, remedy: Remedy): GrantingRole =>
  GRANTING_ROLES.find((r) => mayGrant(policy, r, remedy)) ?? 'executive';

/** A remedy a CSR may not grant waits for someone higher up before it is offered. */
export const needsApproval = (policy: RemedyPolicy, remedy: Remedy): boolean =>
  !mayGrant(policy, 'csr', remedy);

export type ApprovalStatus = 'pending' | 'approved' | 'declined';

export interface RemedyApproval {
  status: ApprovalStatus;
  /** The remedy approved or declined: another remedy (a new proposal) needs its own decision. */
  remedy: Remedy;
  /** The least senior role that may approve or decline it. */
  needs: GrantingRole;
  /** Who approved or declined it, as what, when and why (absent while pending). */
  by?: string;
  role?: GrantingRole;
  at?: string;
  reason?: string;
}

/** The same offer to the customer: kind, credit and wording (a re-suggested due date is not a new offer). */
export const sameRemedy = (a: Remedy, b: Remedy): boolean =>
  a.kind === b.kind &&
  a.creditPercent === b.creditPercent &&
  a.amount?.amountMinor === b.amount?.amountMinor &&
  a.amount?.currency === b.amount?.currency &&
  a.description === b.description;

/**
 * Where the remedy stands: the recorded decision while it is about this very remedy, else pending
 * when the remedy needs approval, else undefined (a CSR may offer it as it is).
 */
export function approvalState(
  policy: RemedyPolicy,
  remedy: Remedy | undefined,
  recorded: RemedyApproval | undefined,
): RemedyApproval | undefined {
  if (!remedy || !needsApproval(policy, remedy)) return undefined;
  if (recorded && sameRemedy(recorded.remedy, remedy)) return recorded;
  return { status: 'pending', remedy, needs: approverOf(policy, remedy) };
}

const ROLE_NAMES: Record<GrantingRole, string> = {
  csr: 'a CSR',
  team_lead: 'a team lead',
  ops_manager: 'an operations manager',
  executive: 'an executive',
};

/** "a team lead", "an operations manager": for messages and the audit trail. */
export const aRole = (role: GrantingRole): string => ROLE_NAMES[role];
