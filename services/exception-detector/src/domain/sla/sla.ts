import {
  addBusinessDayHours,
  addBusinessMinutes,
  businessMinutesBetween,
  type BusinessCalendar,
} from '@forewarn/domain';
import { calendarFor, defaultCalendars } from '@forewarn/domain';
import type { SlaState } from '../cases/case.js';
import type { SlaTarget, DetectorPolicy } from '../policy.js';
import { timerId, type Cancel, type Schedule } from '../rules/signals.js';
import type { CaseParty, Priority, SlaClock, Subject } from '../types.js';

const MINUTE_MS = 60_000;

/** Critical cases run 24/7 (on-call); the rest on the customer's region calendar. */
export function slaCalendar(
  policy: DetectorPolicy,
  party: CaseParty,
  priority: Priority,
): BusinessCalendar {
  if (priority === 'critical') return policy.calendars['24x7'] ?? defaultCalendars['24x7']!;
  return calendarFor(policy.calendars, party.region, party.timezone);
}

export function calendarById(policy: DetectorPolicy, id: string): BusinessCalendar {
  if (id.startsWith('tz:')) return calendarFor(policy.calendars, undefined, id.slice(3));
  return policy.calendars[id] ?? calendarFor(policy.calendars, undefined);
}

/**
 * Starts both clocks: first response in business minutes, resolution in hours of business days.
 * `typeTarget` replaces the tier's targets (a customer request type has its own); critical cases
 * keep the on-call targets whatever the type.
 */
export function startSla(
  policy: DetectorPolicy,
  party: CaseParty,
  priority: Priority,
  openedAt: Date,
  typeTarget: SlaTarget = policy.sla[party.tier ?? 'retail'],
): SlaState {
  const target = priority === 'critical' ? policy.criticalSla : typeTarget;
  const cal = slaCalendar(policy, party, priority);
  return {
    calendarId: cal.id,
    firstResponseDueAt: addBusinessMinutes(
      cal,
      openedAt,
      target.firstResponseBusinessMinutes,
    ).toISOString(),
    resolutionDueAt: addBusinessDayHours(cal, openedAt, target.resolutionHours).toISOString(),
    breaches: [],
  };
}

const ids = (caseId: string, clock: SlaClock) => ({
  warn: timerId('sla_warning', caseId, clock),
  breach: timerId('sla_breach', caseId, clock),
});

/** Warning and breach timers of one clock. */
export function clockTimers(
  policy: DetectorPolicy,
  c: { caseId: string; subject: Subject },
  clock: SlaClock,
  dueAt: string,
): Schedule[] {
  const t = ids(c.caseId, clock);
  const warnAt = new Date(
    Date.parse(dueAt) - policy.warnBeforeMinutes[clock] * MINUTE_MS,
  ).toISOString();
  const base = { subject: c.subject, caseId: c.caseId, clock };
  return [
    {
      kind: 'schedule',
      timer: { ...base, timerId: t.warn, kind: 'sla_warning', dueAt: warnAt, detail: { dueAt } },
    },
    {
      kind: 'schedule',
      timer: { ...base, timerId: t.breach, kind: 'sla_breach', dueAt, detail: { dueAt } },
    },
  ];
}

export function cancelClock(caseId: string, clock: SlaClock): Cancel[] {
  const t = ids(caseId, clock);
  return [
    { kind: 'cancel', timerId: t.warn },
    { kind: 'cancel', timerId: t.breach },
  ];
}

/** The timers every running clock of the case needs. */
export function runningClockTimers(
  policy: DetectorPolicy,
  c: { caseId: string; subject: Subject; sla: SlaState },
): Schedule[] {
  const { sla } = c;
  if (sla.pausedAt) return [];
  return [
    ...(sla.firstRespondedAt
      ? []
      : clockTimers(policy, c, 'first_response', sla.firstResponseDueAt)),
    ...clockTimers(policy, c, 'resolution', sla.resolutionDueAt),
    ...(sla.escalationResponseDueAt
      ? clockTimers(policy, c, 'escalation_response', sla.escalationResponseDueAt)
      : []),
  ];
}

export const allClockCancels = (caseId: string): Cancel[] =>
  (['first_response', 'resolution', 'escalation_response'] as const).flatMap((k) =>
    cancelClock(caseId, k),
  );

export const pauseSla = (sla: SlaState, at: Date): SlaState =>
  sla.pausedAt ? sla : { ...sla, pausedAt: at.toISOString() };

/**
 * Restarts paused clocks: each keeps the time it had left when paused (business minutes for the
 * business-hour clocks, wall-clock time for resolution).
 */
export function resumeSla(sla: SlaState, at: Date, cal: BusinessCalendar): SlaState {
  if (!sla.pausedAt) return sla;
  const paused = new Date(sla.pausedAt);
  const shiftBusiness = (due: string) =>
    addBusinessMinutes(cal, at, businessMinutesBetween(cal, paused, new Date(due))).toISOString();
  const { pausedAt: _dropped, ...rest } = sla;
  return {
    ...rest,
    firstResponseDueAt: sla.firstRespondedAt
      ? sla.firstResponseDueAt
      : shiftBusiness(sla.firstResponseDueAt),
    resolutionDueAt: new Date(
      at.getTime() + Math.max(0, Date.parse(sla.resolutionDueAt) - paused.getTime()),
    ).toISOString(),
    ...(sla.escalationResponseDueAt
      ? { escalationResponseDueAt: shiftBusiness(sla.escalationResponseDueAt) }
      : {}),
  };
}

export type SlaStanding = 'paused' | 'breached' | 'at_risk' | 'on_track';

/** Where a case stands against its clocks at `now` (queue filter and console badge). */
export function slaStanding(policy: DetectorPolicy, sla: SlaState, now: Date): SlaStanding {
  if (sla.pausedAt) return 'paused';
  const due = nextDue(sla);
  if (sla.breaches.length > 0 || (due && Date.parse(due) <= now.getTime())) return 'breached';
  if (
    due &&
    Date.parse(due) - now.getTime() <= policy.warnBeforeMinutes.first_response * 4 * MINUTE_MS
  )
    return 'at_risk';
  return 'on_track';
}

/** The earliest deadline still running: what the queue sorts by. */
export function nextDue(sla: SlaState): string | undefined {
  const dues = [
    sla.firstRespondedAt ? undefined : sla.firstResponseDueAt,
    sla.resolutionDueAt,
    sla.escalationResponseDueAt,
  ].filter((d): d is string => d !== undefined);
  return dues.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}
