import { errors } from '@forewarn/platform';
import type { DetectorPolicy } from '../policy.js';
import type { Remedy } from '../remedy/remedy-policy.js';
import {
  approvalState,
  approverOf,
  aRole,
  mayGrant,
  needsApproval,
  type RemedyApproval,
} from '../remedy/remedy-approval.js';
import { withinCreditLimit } from '../remedy/suggest-remedy.js';
import {
  allClockCancels,
  calendarById,
  pauseSla,
  resumeSla,
  runningClockTimers,
} from '../sla/sla.js';
import { escalate, LEVELS, levelRank, respond, roleReaches } from '../sla/escalation.js';
import type { EscalationLevel, Resolution } from '../types.js';
import {
  chain,
  isOpen,
  type Case,
  type CaseChange,
  type Decision,
  type StaffRole,
} from './case.js';
import { slaMet } from './decide-detection.js';

export interface Actor {
  id: string;
  role: StaffRole;
}

export type CaseCommand =
  | { kind: 'claim' }
  | { kind: 'comment'; text: string }
  | { kind: 'change_remedy'; remedy: Remedy; reason: string }
  | { kind: 'approve_remedy'; note?: string }
  | { kind: 'decline_remedy'; reason: string }
  /**
   * To a named user and/or another queue. `userId` undefined keeps the owner while the queue stays
   * (a new queue's members pick the case up: the owner is dropped); null leaves it to the queue.
   */
  | { kind: 'reassign'; userId?: string | null; queue?: string; reason?: string }
  | { kind: 'escalate'; reason: string; to?: EscalationLevel }
  | { kind: 'wait_on_customer'; note?: string }
  | { kind: 'customer_replied'; note?: string }
  | { kind: 'mark_customer_notified'; note?: string }
  | { kind: 'resolve'; resolution: Exclude<Resolution, 'auto_resolved'>; reason: string }
  | { kind: 'reopen'; reason: string };

const HOUR_MS = 3_600_000;

function mustBeOpen(c: Case): void {
  if (!isOpen(c)) throw errors.caseNotOpen(c.caseId, c.status);
}

/**
 * A change by a person: bumps the version, records who and when, and counts as a response
 * (unless `responds` is false: moving a case to someone else answers no one).
 */
function staffChange(
  c: Case,
  actor: Actor,
  now: Date,
  patch: Partial<Case>,
  change: CaseChange,
  action: string,
  detail: Record<string, unknown>,
  note?: string,
  responds = true,
): Decision {
  const at = now.toISOString();
  const changed: Decision = {
    case: { ...c, ...patch, updatedAt: at, version: c.version + 1 },
    emits: [{ type: 'case.updated', change, newEvidence: [], ...(note ? { note } : {}) }],
    timers: [],
    audit: [{ at, actor: actor.id, role: actor.role, action, detail }],
  };
  return responds ? chain(changed, (x) => respond(x, actor.role, now)) : changed;
}

/**
 * Where the case's remedy stands: pending while a remedy over the CSR's credit limit waits for
 * someone whose limit covers it; approved or declined once they decided on that very remedy;
 * undefined when a CSR may offer the remedy as it is.
 */
export const remedyApprovalOf = (policy: DetectorPolicy, c: Case): RemedyApproval | undefined =>
  approvalState(policy.remedy, c.remedy, c.remedyApproval);

const ROLE_LABEL: Record<StaffRole, string> = {
  csr: 'CSR',
  team_lead: 'team lead',
  ops_manager: 'operations manager',
  executive: 'executive',
};

/** The pending approval the actor may decide, or the catalog's refusal. */
function pendingFor(policy: DetectorPolicy, c: Case, actor: Actor): RemedyApproval {
  mustBeOpen(c);
  const a = remedyApprovalOf(policy, c);
  if (!a || !c.remedy) {
    throw errors.remedyNotPending(c.caseId, 'a CSR may offer it without approval');
  }
  if (a.status === 'approved') {
    throw errors.remedyNotPending(c.caseId, `${a.by ?? 'someone'} approved it already`);
  }
  if (a.status === 'declined') {
    throw errors.remedyNotPending(
      c.caseId,
      `${a.by ?? 'someone'} declined it; propose a new remedy first`,
    );
  }
  if (!mayGrant(policy.remedy, actor.role, c.remedy)) {
    throw errors.approvalOverRoleLimit(aRole(a.needs), aRole(actor.role));
  }
  return a;
}

const ownerText = (a: { userId?: string | undefined; queue: string }): string =>
  a.userId ? `${a.userId} (${a.queue} queue)` : `the ${a.queue} queue`;

/** Applies a CSR, team lead, operations manager or executive command to a case. */
export function decideCommand(
  policy: DetectorPolicy,
  c: Case,
  cmd: CaseCommand,
  actor: Actor,
  now: Date,
): Decision {
  switch (cmd.kind) {
    case 'claim':
      mustBeOpen(c);
      return staffChange(
        c,
        actor,
        now,
        {
          claimedBy: actor.id,
          assignee: { ...c.assignee, userId: actor.id },
          status: c.status === 'open' ? 'in_progress' : c.status,
        },
        'reassigned',
        'claimed',
        { previous: c.assignee.userId ?? null },
      );
    case 'comment':
      return staffChange(
        c,
        actor,
        now,
        {},
        'note_added',
        'commented',
        { text: cmd.text },
        cmd.text,
      );
    case 'change_remedy': {
      mustBeOpen(c);
      if (!withinCreditLimit(policy.remedy, actor.role, cmd.remedy)) {
        throw errors.creditOverRoleLimit(actor.role);
      }
      // A new proposal: any earlier decision was about another remedy. One the actor may grant
      // is approved by their own word; one they may not (an executive review) waits.
      const approvedBySetter =
        needsApproval(policy.remedy, cmd.remedy) && mayGrant(policy.remedy, actor.role, cmd.remedy);
      return staffChange(
        c,
        actor,
        now,
        {
          remedy: cmd.remedy,
          remedySetBy: actor.id,
          remedyReasoning: [`set by ${actor.id} (${actor.role}): ${cmd.reason}`],
          remedyApproval: approvedBySetter
            ? {
                status: 'approved',
                remedy: cmd.remedy,
                needs: approverOf(policy.remedy, cmd.remedy),
                by: actor.id,
                role: actor.role,
                at: now.toISOString(),
                reason: cmd.reason,
              }
            : undefined,
        },
        'remedy_changed',
        'remedy_changed',
        { from: c.remedy ?? null, to: cmd.remedy, reason: cmd.reason },
      );
    }
    case 'approve_remedy':
    case 'decline_remedy': {
      const pending = pendingFor(policy, c, actor);
      const approve = cmd.kind === 'approve_remedy';
      const reason = approve ? cmd.note : cmd.reason;
      const remedy = pending.remedy;
      const verb = approve ? 'approved' : 'declined';
      return staffChange(
        c,
        actor,
        now,
        {
          remedyApproval: {
            ...pending,
            status: verb,
            by: actor.id,
            role: actor.role,
            at: now.toISOString(),
            ...(reason ? { reason } : {}),
          },
        },
        // An approved remedy is now offered (customers hear of a remedy change); a refusal stays
        // in-house, so its event is no customer-visible change.
        approve ? 'remedy_changed' : 'other',
        approve ? 'remedy_approved' : 'remedy_declined',
        { remedy, ...(reason ? { reason } : {}) },
        `Remedy ${verb} by ${actor.id} (${ROLE_LABEL[actor.role]}): ${remedy.description}` +
          (reason ? `. ${reason}` : ''),
      );
    }
    case 'reassign': {
      mustBeOpen(c);
      if (actor.role === 'csr') throw errors.reassignNotAllowed();
      const queue = cmd.queue ?? c.assignee.queue;
      const userId =
        cmd.userId === null
          ? undefined
          : (cmd.userId ?? (queue === c.assignee.queue ? c.assignee.userId : undefined));
      const to = { ...(userId ? { userId } : {}), queue };
      if (to.userId === c.assignee.userId && to.queue === c.assignee.queue) {
        throw errors.alreadyAssigned(c.caseId, ownerText(c.assignee));
      }
      const from = { userId: c.assignee.userId ?? null, queue: c.assignee.queue };
      // A claim was the previous owner's; the new one has not taken the case up yet.
      const { claimedBy, ...rest } = c;
      const kept = claimedBy && claimedBy === userId ? c : rest;
      return staffChange(
        kept,
        actor,
        now,
        { assignee: to },
        'reassigned',
        'reassigned',
        {
          from,
          to: { userId: userId ?? null, queue },
          ...(cmd.reason ? { reason: cmd.reason } : {}),
        },
        `Reassigned to ${ownerText(to)} by ${actor.id}` + (cmd.reason ? `: ${cmd.reason}` : ''),
        false,
      );
    }
    case 'escalate': {
      mustBeOpen(c);
      const to = cmd.to ?? LEVELS[levelRank(c.escalationLevel) + 1];
      if (!to || levelRank(to) <= levelRank(c.escalationLevel)) {
        throw errors.alreadyAtLevel(c.caseId, c.escalationLevel);
      }
      if (to === 'executive' && !roleReaches(actor.role, 'l3')) {
        throw errors.executiveEscalationNotAllowed();
      }
      return chain(respond(c, actor.role, now), (x) =>
        escalate(policy, x, to, cmd.reason, now, actor.id),
      );
    }
    case 'wait_on_customer':
      mustBeOpen(c);
      if (c.sla.pausedAt) return { case: c, emits: [], timers: [], audit: [] };
      return {
        ...staffChange(
          c,
          actor,
          now,
          { status: 'waiting_on_customer', sla: pauseSla(c.sla, now) },
          'status_changed',
          'waiting_on_customer',
          {},
          cmd.note,
        ),
        timers: allClockCancels(c.caseId),
      };
    case 'customer_replied': {
      mustBeOpen(c);
      const sla = resumeSla(c.sla, now, calendarById(policy, c.sla.calendarId));
      const d = staffChange(
        c,
        actor,
        now,
        { status: 'in_progress', sla },
        'status_changed',
        'customer_replied',
        { clocksResumed: Boolean(c.sla.pausedAt) },
        cmd.note,
      );
      return { ...d, timers: [...d.timers, ...runningClockTimers(policy, d.case)] };
    }
    case 'mark_customer_notified':
      return staffChange(
        c,
        actor,
        now,
        { customerNotified: true, customerNotifiedAt: c.customerNotifiedAt ?? now.toISOString() },
        'customer_contacted',
        'customer_contacted',
        {},
        cmd.note,
      );
    case 'resolve': {
      mustBeOpen(c);
      if (c.escalationLevel === 'executive' && actor.role !== 'executive') {
        throw errors.executiveCase();
      }
      const at = now.toISOString();
      const d = staffChange(
        c,
        actor,
        now,
        {
          status: 'resolved',
          resolution: {
            kind: cmd.resolution,
            reason: cmd.reason,
            at,
            by: actor.id,
            slaMet: slaMet(c, now),
          },
        },
        'status_changed',
        'resolved',
        { resolution: cmd.resolution, reason: cmd.reason },
      );
      return {
        ...d,
        emits: [{ type: 'case.resolved' }],
        timers: [...d.timers, ...allClockCancels(c.caseId)],
      };
    }
    case 'reopen': {
      if (isOpen(c)) throw errors.caseAlreadyOpen(c.caseId);
      if (actor.role === 'csr') throw errors.reopenNotAllowed();
      const target = policy.sla[c.party.tier ?? 'retail'].resolutionHours;
      const { resolution: _previous, ...rest } = c;
      const reopened: Case = {
        ...rest,
        status: 'in_progress',
        sla: {
          ...c.sla,
          resolutionDueAt: new Date(now.getTime() + target * HOUR_MS).toISOString(),
        },
        updatedAt: now.toISOString(),
        version: c.version + 1,
      };
      return {
        case: reopened,
        emits: [
          { type: 'case.updated', change: 'status_changed', newEvidence: [], note: cmd.reason },
        ],
        timers: runningClockTimers(policy, reopened),
        audit: [
          {
            at: now.toISOString(),
            actor: actor.id,
            role: actor.role,
            action: 'reopened',
            detail: { reason: cmd.reason },
          },
        ],
      };
    }
  }
}
