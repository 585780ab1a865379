import { addBusinessMinutes } from '@forewarn/domain';
import type { Case, Decision, StaffRole } from '../cases/case.js';
import { noChange } from '../cases/case.js';
import type { DetectorPolicy } from '../policy.js';
import type { TimerSpec } from '../rules/signals.js';
import type { EscalationLevel } from '../types.js';
import { calendarById, cancelClock, clockTimers } from './sla.js';

const HOUR_MS = 3_600_000;
export const LEVELS: readonly EscalationLevel[] = ['l1', 'l2', 'l3', 'executive'];
export const levelRank = (l: EscalationLevel): number => LEVELS.indexOf(l);

/** The role that answers at each level of the ladder. */
export const ROLE_OF_LEVEL: Record<EscalationLevel, StaffRole> = {
  l1: 'csr',
  l2: 'team_lead',
  l3: 'ops_manager',
  executive: 'executive',
};
const ROLE_RANK: Record<StaffRole, number> = { csr: 0, team_lead: 1, ops_manager: 2, executive: 3 };
export const roleReaches = (role: StaffRole, level: EscalationLevel): boolean =>
  ROLE_RANK[role] >= ROLE_RANK[ROLE_OF_LEVEL[level]];

/** When the new level must have answered: L2 in business hours, L3 and executive in wall-clock hours. */
export function responseDueAt(
  policy: DetectorPolicy,
  c: Case,
  to: EscalationLevel,
  now: Date,
): string {
  if (to === 'l2') {
    return addBusinessMinutes(
      calendarById(policy, c.sla.calendarId),
      now,
      policy.escalation.l2ResponseBusinessMinutes,
    ).toISOString();
  }
  const hours =
    to === 'executive'
      ? policy.escalation.executiveResponseHours
      : policy.escalation.l3ResponseHours;
  return new Date(now.getTime() + hours * HOUR_MS).toISOString();
}

/** Moves the case up to `to` (never down) and starts that level's response clock. */
export function escalate(
  policy: DetectorPolicy,
  c: Case,
  to: EscalationLevel,
  reason: string,
  now: Date,
  actor = 'system',
): Decision {
  if (levelRank(to) <= levelRank(c.escalationLevel)) return noChange(c);
  const due = responseDueAt(policy, c, to, now);
  const next: Case = {
    ...c,
    escalationLevel: to,
    sla: { ...c.sla, escalationResponseDueAt: due },
    updatedAt: now.toISOString(),
    version: c.version + 1,
  };
  return {
    case: next,
    emits: [
      {
        type: 'case.escalated',
        fromLevel: c.escalationLevel,
        toLevel: to,
        reason,
        responseDueAt: due,
      },
    ],
    timers: clockTimers(policy, next, 'escalation_response', due),
    audit: [
      {
        at: now.toISOString(),
        actor,
        action: 'escalated',
        detail: { from: c.escalationLevel, to, reason, responseDueAt: due },
      },
    ],
  };
}

/**
 * A staff action is a response: it stops the first-response clock, and the escalation clock
 * when the actor answers at (or above) the case's current level.
 */
export function respond(c: Case, role: StaffRole, now: Date): Decision {
  let sla = c.sla;
  const timers: Decision['timers'] = [];
  if (!sla.firstRespondedAt) {
    sla = { ...sla, firstRespondedAt: now.toISOString() };
    timers.push(...cancelClock(c.caseId, 'first_response'));
  }
  if (sla.escalationResponseDueAt && roleReaches(role, c.escalationLevel)) {
    const { escalationResponseDueAt: _answered, ...rest } = sla;
    sla = rest;
    timers.push(...cancelClock(c.caseId, 'escalation_response'));
  }
  if (sla === c.sla) return noChange(c);
  return { case: { ...c, sla }, emits: [], timers, audit: [] };
}

const NEXT: Partial<Record<EscalationLevel, EscalationLevel>> = { l1: 'l2', l2: 'l3' };

/** An SLA timer fired: warn, or record the breach and climb the ladder. Stale timers do nothing. */
export function onSlaTimer(policy: DetectorPolicy, c: Case, timer: TimerSpec, now: Date): Decision {
  const clock = timer.clock;
  if (!clock || c.sla.pausedAt || !['open', 'in_progress'].includes(c.status)) return noChange(c);
  const current =
    clock === 'first_response'
      ? c.sla.firstRespondedAt
        ? undefined
        : c.sla.firstResponseDueAt
      : clock === 'resolution'
        ? c.sla.resolutionDueAt
        : c.sla.escalationResponseDueAt;
  if (!current || current !== String(timer.detail?.['dueAt'] ?? '')) return noChange(c);
  if (timer.kind === 'sla_warning') {
    const remainingMinutes = Math.max(
      0,
      Math.round((Date.parse(current) - now.getTime()) / 60_000),
    );
    return {
      case: c,
      emits: [{ type: 'case.sla-warning', clock, dueAt: current, remainingMinutes }],
      timers: [],
      audit: [
        {
          at: now.toISOString(),
          actor: 'system',
          action: 'sla_warning',
          detail: { clock, dueAt: current },
        },
      ],
    };
  }
  const breached: Case = {
    ...c,
    sla: { ...c.sla, breaches: [...c.sla.breaches, clock] },
    updatedAt: now.toISOString(),
    version: c.version + 1,
  };
  const base: Decision = {
    case: breached,
    emits: [{ type: 'case.sla-breached', clock, dueAt: current, breachedAt: now.toISOString() }],
    timers: [],
    audit: [
      {
        at: now.toISOString(),
        actor: 'system',
        action: 'sla_breached',
        detail: { clock, dueAt: current },
      },
    ],
  };
  const to =
    clock === 'resolution'
      ? levelRank(c.escalationLevel) < levelRank('l3')
        ? 'l3'
        : undefined
      : NEXT[c.escalationLevel];
  if (!to) return base;
  const reason =
    clock === 'first_response'
      ? 'first response overdue'
      : clock === 'resolution'
        ? 'resolution overdue'
        : `${ROLE_OF_LEVEL[c.escalationLevel].replace('_', ' ')} did not respond in time`;
  const up = escalate(policy, breached, to, reason, now);
  return {
    case: up.case,
    emits: [...base.emits, ...up.emits],
    timers: up.timers,
    audit: [...base.audit, ...up.audit],
  };
}
