import { errors } from '@forewarn/platform';
import type { StaffRole } from './case.js';

/** Someone a case may be handed to: a name people sign in with, in a role that works cases. */
export interface Assignee {
  userId: string;
  role: StaffRole;
}

/** Who signs in (API key entries without their keys): a name and the role it acts as. */
export interface User {
  name?: string | undefined;
  role: string;
}

/** The roles that work cases, least senior first; admins audit, customers and sources do not. */
export const CASE_WORKERS: readonly StaffRole[] = ['csr', 'team_lead', 'ops_manager', 'executive'];

const worksCases = (role: string): role is StaffRole =>
  (CASE_WORKERS as readonly string[]).includes(role);

/**
 * The people a case may be assigned to, CSRs first then up the ladder, by name within a role. A
 * name on several keys (a rotated key) is one person, in the most senior case-working role among
 * them. A key without a name is no one to hand a case to: it acts under its role's name.
 */
export function assigneesOf(users: readonly User[]): Assignee[] {
  const best = new Map<string, StaffRole>();
  for (const u of users) {
    if (!u.name || !worksCases(u.role)) continue;
    const had = best.get(u.name);
    if (!had || CASE_WORKERS.indexOf(u.role) > CASE_WORKERS.indexOf(had)) best.set(u.name, u.role);
  }
  return [...best]
    .map(([userId, role]) => ({ userId, role }))
    .sort(
      (a, b) =>
        CASE_WORKERS.indexOf(a.role) - CASE_WORKERS.indexOf(b.role) ||
        a.userId.localeCompare(b.userId),
    );
}

/**
 * The assignee named `userId`, or the catalog's refusal: UNKNOWN_ASSIGNEE for a name no one signs
 * in with, ASSIGNEE_CANNOT_WORK_CASES for one whose every key is of a role that does not work cases.
 */
export function assigneeNamed(users: readonly User[], userId: string): Assignee {
  const found = assigneesOf(users).find((a) => a.userId === userId);
  if (found) return found;
  const other = users.find((u) => u.name === userId);
  if (other) throw errors.assigneeCannotWorkCases(userId, other.role);
  throw errors.unknownAssignee(userId);
}
