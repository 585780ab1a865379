import { errors } from '@forewarn/platform';
import type { DetectorPolicy } from '../policy.js';
import type { Remedy } from '../remedy/remedy-policy.js';
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

/** A change by a person: bumps the version, records who and when, and counts as a response. */
function staffChange(
  c: Case,
  actor: Actor,
  now: Date,
  patch: Partial<Case>,
  change: CaseChange,
  action: string,
  detail: Record<string, unknown>,
  note?: string,
): Decision {
  const at = now.toISOString();
  const changed: Decision = {
    case: { ...c, ...patch, updatedAt: at, version: c.version + 1 },
    emits: [{ type: 'case.updated', change, newEvidence: [], ...(note ? { note } : {}) }],
    timers: [],
    audit: [{ at, actor: actor.id, role: actor.role, action, detail }],
  };
  return chain(changed, (x) => respond(x, actor.role, now));
}

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
      return staffChange(
        c,
        actor,
        now,
        {
          remedy: cmd.remedy,
          remedySetBy: actor.id,
          remedyReasoning: [`set by ${actor.id} (${actor.role}): ${cmd.reason}`],
        },
        'remedy_changed',
        'remedy_changed',
        { from: c.remedy ?? null, to: cmd.remedy, reason: cmd.reason },
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
