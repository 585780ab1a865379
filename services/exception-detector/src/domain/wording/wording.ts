import { DateTime } from 'luxon';
import type { Case } from '../cases/case.js';
import { formatMoney } from '../remedy/suggest-remedy.js';
import { ROLE_OF_LEVEL } from '../sla/escalation.js';

export interface SuggestedWording {
  opening: string;
  followUp: string;
  escalation?: string;
}

const when = (iso: string, zone: string) =>
  DateTime.fromISO(iso, { zone }).toFormat("cccc d LLLL yyyy 'at' HH:mm ZZZZ");

const reference = (c: Case): string =>
  c.party.trackingNumber
    ? `tracking number ${c.party.trackingNumber}`
    : c.party.poNumber
      ? `PO ${c.party.poNumber}${c.party.orderId ? ` (order ${c.party.orderId})` : ''}`
      : `case ${c.caseId.slice(0, 8)}`;

/** The estimated resolution time we commit to: the remedy's own date, else the resolution clock. */
export const estimatedResolution = (c: Case): string => c.remedy?.dueBy ?? c.sla.resolutionDueAt;

/**
 * What a CSR can say: an opening line, a follow-up with the estimated resolution time and the
 * tracking reference, and once escalated, the written escalation with timeline, owner and
 * compensation policy.
 */
export function suggestWording(c: Case): SuggestedWording {
  const zone = c.party.timezone ?? 'UTC';
  const who = c.party.customerName ?? 'there';
  const ref = reference(c);
  const eta = when(estimatedResolution(c), zone);
  const opening = `Hello ${who}, we noticed an issue with ${ref} before it reached you: ${c.explanation} We are already working on it.`;
  const followUp =
    `Update on ${ref}: ${c.remedy ? `${c.remedy.description}. ` : ''}` +
    `We expect this to be resolved by ${eta}. You can reference ${ref} in any reply.`;
  if (c.escalationLevel === 'l1') return { opening, followUp };
  const owner =
    c.escalationLevel === 'executive'
      ? 'our executive team'
      : `our ${ROLE_OF_LEVEL[c.escalationLevel].replace('_', ' ')}`;
  const due = c.sla.escalationResponseDueAt ?? c.sla.resolutionDueAt;
  const compensation = c.remedy
    ? `${c.remedy.description}${c.remedy.amount ? ` (${formatMoney(c.remedy.amount)})` : ''}, in line with our service-recovery policy`
    : 'set out under our service-recovery policy once the cause is confirmed';
  const escalation =
    `We have escalated ${ref} to ${owner}${c.assignee.userId ? `, with ${c.assignee.userId} as your point of contact` : ''}. ` +
    `Timeline: a response by ${when(due, zone)}, resolution by ${eta}. ` +
    `Compensation: ${compensation}.` +
    (c.rcaRequired
      ? ' Because this has happened before, we are also running a root-cause analysis and will share its findings.'
      : '');
  return { opening, followUp, escalation };
}
