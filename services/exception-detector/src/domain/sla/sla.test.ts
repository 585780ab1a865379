import { describe, expect, it } from 'vitest';
import type { Case } from '../cases/case.js';
import { openCase } from '../cases/decide-detection.js';
import { decideCommand } from '../cases/commands.js';
import { defaultPolicy as policy } from '../policy.js';
import type { Detection, TimerSpec } from '../rules/signals.js';
import { onSlaTimer } from './escalation.js';
import { startSla } from './sla.js';

const party = {
  customerId: 'C-1',
  tier: 'retail' as const,
  region: 'us-east',
  timezone: 'America/New_York',
};
const detection = (priority: Detection['priority'] = 'normal'): Detection => ({
  kind: 'detect',
  caseType: 'carrier_delay',
  subject: { kind: 'shipment', id: 'SHP-1' },
  priority,
  queue: 'transportation',
  title: 't',
  explanation: 'e',
  evidence: {
    eventId: 'ev-1',
    type: 'shipment.eta-changed',
    occurredAt: '2025-05-23T19:00:00Z',
    summary: 's',
  },
  party,
  facts: { issue: 'late' },
});
const breachTimer = (
  c: Case,
  clock: 'first_response' | 'escalation_response' | 'resolution',
  dueAt: string,
): TimerSpec => ({
  timerId: `sla_breach:default:${c.caseId}:${clock}`,
  kind: 'sla_breach',
  subject: c.subject,
  caseId: c.caseId,
  clock,
  dueAt,
  detail: { dueAt },
});

describe('SLA clocks on the business calendar', () => {
  it('given a retail case opened Friday 15:00 before Memorial Day, when the clocks start, then first response is due Tuesday 14:00 and resolution three business days later (weekend and holiday skipped)', () => {
    const sla = startSla(policy, party, 'normal', new Date('2025-05-23T19:00:00Z'));
    // Fri 15-17 = 2 h, Sat, Sun, Mon 26 May holiday, Tue 8-17 = 9 h... 8 h total lands Tue 14:00 EDT.
    expect(sla.firstResponseDueAt).toBe('2025-05-27T18:00:00.000Z');
    expect(sla.resolutionDueAt).toBe('2025-05-29T19:00:00.000Z');
  });

  it('given a case opened the day before Thanksgiving 2030 (a year no one typed in), when the clocks start, then the holiday library pauses the clock', () => {
    const sla = startSla(policy, party, 'normal', new Date('2030-11-27T20:00:00Z'));
    // Wed 15-17 = 2 h, Thu 28 Nov is Thanksgiving, Fri 08-14 = 6 h: Fri 14:00 EST.
    expect(sla.firstResponseDueAt).toBe('2030-11-29T19:00:00.000Z');
  });

  it('given an enterprise case, when the clocks start, then first response is faster (2 business hours)', () => {
    const sla = startSla(
      policy,
      { ...party, tier: 'enterprise' },
      'normal',
      new Date('2025-03-03T14:00:00Z'),
    );
    expect(sla.firstResponseDueAt).toBe('2025-03-03T16:00:00.000Z');
    expect(sla.resolutionDueAt).toBe('2025-03-05T14:00:00.000Z');
  });

  it('given a critical case opened Saturday night, when the clocks start, then they run 24/7 (on-call)', () => {
    const sla = startSla(policy, party, 'critical', new Date('2025-03-08T23:00:00Z'));
    expect(sla.firstResponseDueAt).toBe('2025-03-09T00:00:00.000Z');
  });
});

describe('escalation ladder', () => {
  const opened = openCase(detection(), {
    policy,
    now: new Date('2025-05-23T19:00:00Z'),
  }).case;

  it('given no first response by the deadline, when the breach timer fires, then the case is breached and escalated to L2 with 2 business hours to respond', () => {
    const d = onSlaTimer(
      policy,
      opened,
      breachTimer(opened, 'first_response', opened.sla.firstResponseDueAt),
      new Date(opened.sla.firstResponseDueAt),
    );
    expect(d.emits.map((e) => e.type)).toEqual(['case.sla-breached', 'case.escalated']);
    expect(d.case.escalationLevel).toBe('l2');
    // Tue 27 May 14:00 EDT + 2 business hours = 16:00 EDT.
    expect(d.case.sla.escalationResponseDueAt).toBe('2025-05-27T20:00:00.000Z');
  });

  it('given an L2 case whose team lead does not respond, when the escalation timer fires, then it goes to L3 with 24 h', () => {
    const l2 = onSlaTimer(
      policy,
      opened,
      breachTimer(opened, 'first_response', opened.sla.firstResponseDueAt),
      new Date(opened.sla.firstResponseDueAt),
    ).case;
    const due = l2.sla.escalationResponseDueAt!;
    const d = onSlaTimer(policy, l2, breachTimer(l2, 'escalation_response', due), new Date(due));
    expect(d.case.escalationLevel).toBe('l3');
    expect(d.case.sla.escalationResponseDueAt).toBe('2025-05-28T20:00:00.000Z');
  });

  it('given a CSR responded in time, when the stale breach timer fires, then nothing happens', () => {
    const responded = decideCommand(
      policy,
      opened,
      { kind: 'claim' },
      { id: 'csr-1', role: 'csr' },
      new Date('2025-05-27T13:00:00Z'),
    ).case;
    const d = onSlaTimer(
      policy,
      responded,
      breachTimer(responded, 'first_response', opened.sla.firstResponseDueAt),
      new Date(opened.sla.firstResponseDueAt),
    );
    expect(d.emits).toEqual([]);
  });

  it('given a case waiting on the customer over a weekend, when the customer replies, then the clocks resume with the time they had left', () => {
    const csr = { id: 'csr-1', role: 'csr' as const };
    const fresh = openCase(detection(), {
      policy,
      now: new Date('2025-03-07T14:00:00Z'),
    }).case; // Fri 09:00 EST
    // First response due Fri 17:00 EST; paused Fri 10:00 EST with 7 business hours left.
    const paused = decideCommand(
      policy,
      fresh,
      { kind: 'wait_on_customer' },
      csr,
      new Date('2025-03-07T15:00:00Z'),
    );
    expect(paused.case.status).toBe('waiting_on_customer');
    const resumed = decideCommand(
      policy,
      paused.case,
      { kind: 'customer_replied' },
      csr,
      new Date('2025-03-10T12:00:00Z'),
    ).case;
    expect(resumed.sla.pausedAt).toBeUndefined();
    expect(resumed.sla.resolutionDueAt).toBe(
      new Date(
        Date.parse('2025-03-10T12:00:00Z') +
          (Date.parse(fresh.sla.resolutionDueAt) - Date.parse('2025-03-07T15:00:00Z')),
      ).toISOString(),
    );
  });

  it('given a claim over $5,000, when the case opens, then it goes straight to executive review', () => {
    const big = {
      ...detection(),
      caseType: 'carrier_exception' as const,
      facts: { issue: 'product' as const, claimValue: { amountMinor: 700_000, currency: 'USD' } },
    };
    const d = openCase(big, { policy, now: new Date('2025-03-03T14:00:00Z') });
    expect(d.case.escalationLevel).toBe('executive');
    expect(d.emits.map((e) => e.type)).toEqual(['case.opened', 'case.escalated']);
  });
});
