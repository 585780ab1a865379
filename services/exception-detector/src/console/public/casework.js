// Case work's small decisions, kept pure for the unit tests: the approvals badge's words, the
// queue's remedy filter and rows' approval mark, the bulk reassignment's picker.
import { abilitiesFor } from './abilities.js';
import { aRole, roleName } from './view.js';

/** What the approvals badge says (its label and tooltip). @param {{ pending: number, yours: number }} n */
export function approvalsBadgeText(n) {
  const mine = `${n.yours} ${n.yours === 1 ? 'remedy awaits' : 'remedies await'} your approval`;
  const others = n.pending - n.yours;
  return others > 0
    ? `${mine}; ${others} more need${others === 1 ? 's' : ''} a more senior role`
    : mine;
}

/**
 * The queue's remedy filter: any case, those awaiting approval, and for those who approve, those
 * awaiting theirs (the API's remedy=pending and remedy=awaiting_me).
 * @param {boolean} approves
 */
export const pendingFilterOptions = (approves) => [
  ['', 'Any'],
  ['pending', 'Awaiting approval'],
  ...(approves ? [['awaiting_me', 'Awaiting my approval']] : []),
];

/**
 * A queue row's mark when the case's remedy awaits approval (the summary's remedyAwaits): yours
 * when your role may give it, else whose; null when nothing awaits.
 * @param {{ name: string | null, role: string }} me
 * @param {{ status: string, escalationLevel: string, assignee: { userId: string | null }, remedyAwaits?: string | null }} c
 * @returns {string | null}
 */
export function remedyMark(me, c) {
  if (!c.remedyAwaits) return null;
  return abilitiesFor(me, c, { status: 'pending', needs: c.remedyAwaits }).decideRemedy
    ? 'Remedy awaits your approval'
    : `Remedy awaits ${aRole(c.remedyAwaits)}'s approval`;
}

/**
 * The bulk reassignment's user picker: no change (each case keeps its owner, or the new queue
 * picks it up), then each assignee the API lists.
 * @param {{ userId: string, role: string }[]} assignees
 */
export const assigneeChoices = (assignees) => [
  ['', 'Keep each owner'],
  ...assignees.map((a) => [a.userId, `${a.userId} (${roleName(a.role)})`]),
];
