import { describe, expect, it } from 'vitest';
import { defaultPolicy as policy } from '../policy.js';
import type { Detection } from '../rules/signals.js';
import { suggestWording } from '../wording/wording.js';
import type { Case } from './case.js';
import { decideCommand } from './commands.js';
import { absorbRequests, decideRequest } from './customer-request.js';
import { addEvidence, autoResolve, caseIdFor, openCase } from './decide-detection.js';

const now = new Date('2025-03-06T14:00:00Z');
const party = {
  customerId: 'C-1',
  customerName: 'Acme',
  tier: 'retail' as const,
  accountRepId: 'csr-jane',
  shipmentId: 'SHP-1',
  trackingNumber: '1Z1',
  timezone: 'America/New_York',
};
const d = (eventId: string, priority: Detection['priority'] = 'normal'): Detection => ({
  kind: 'detect',
  caseType: 'carrier_delay',
  subject: { kind: 'shipment', id: 'SHP-1' },
  priority,
  queue: 'transportation',
  title: 'Late',
  explanation: 'The ETA is after the promise.',
  evidence: {
    eventId,
    type: 'shipment.eta-changed',
    occurredAt: now.toISOString(),
    summary: eventId,
  },
  party,
  facts: { issue: 'late', freightCost: { amountMinor: 3_000, currency: 'USD' } },
});

describe('case decider', () => {
  const opened = openCase(d('ev-1'), { policy, now });

  it('given a detection, when the case opens, then it is routed to the named CSR with a remedy and running clocks', () => {
    expect(opened.case.assignee).toEqual({ userId: 'csr-jane', queue: 'transportation' });
    expect(opened.case.remedy?.kind).toBe('credit_shipping_cost');
    expect(opened.case.caseId).toBe(caseIdFor(d('ev-1')));
    expect(opened.timers.filter((t) => t.kind === 'schedule')).toHaveLength(4);
  });

  it('given an open case, when new evidence comes, then it is added (never a second case) and a repeat delivery is ignored', () => {
    const updated = addEvidence(opened.case, d('ev-2', 'high'), { policy, now });
    expect(updated.case.evidence.map((e) => e.eventId)).toEqual(['ev-1', 'ev-2']);
    expect(updated.emits).toEqual([
      { type: 'case.updated', change: 'priority_changed', newEvidence: [d('ev-2').evidence] },
    ]);
    expect(addEvidence(updated.case, d('ev-2'), { policy, now }).emits).toEqual([]);
  });

  it('given an open case, when the rule clears, then it auto-resolves and its clocks are cancelled', () => {
    const r = autoResolve(
      opened.case,
      {
        kind: 'clear',
        caseType: 'carrier_delay',
        subject: opened.case.subject,
        reason: 'delivered',
        evidence: d('ev-3').evidence,
      },
      now,
    );
    expect(r.case.status).toBe('resolved');
    expect(r.case.resolution).toMatchObject({ kind: 'auto_resolved', slaMet: true });
    expect(r.timers.every((t) => t.kind === 'cancel')).toBe(true);
  });

  it('given a customer asks where the parcel is, when a proactive delay case is open, then the request joins it and counts as asked-before-told', () => {
    const r = decideRequest(
      policy,
      {
        requestId: 'rq-1',
        requestType: 'track_parcel',
        receivedAt: now.toISOString(),
        subject: { kind: 'shipment', id: 'SHP-1' },
        party,
      },
      [opened.case],
      now,
    );
    expect(r.case.caseId).toBe(opened.case.caseId);
    expect(r.case.requests[0]).toMatchObject({
      requestType: 'track_parcel',
      beforeWeNotified: true,
    });
    expect(r.emits[0]).toMatchObject({ type: 'case.updated', change: 'customer_request_joined' });
  });

  it('given no related case, when a customer files a claim, then a customer-origin case opens', () => {
    const r = decideRequest(
      policy,
      {
        requestId: 'rq-2',
        requestType: 'file_claim',
        receivedAt: now.toISOString(),
        subject: { kind: 'order', id: 'SO-1' },
        party,
      },
      [],
      now,
    );
    expect(r.case).toMatchObject({
      caseType: 'file_claim',
      origin: 'customer',
      assignee: { userId: 'csr-jane', queue: 'claims' },
    });
  });

  it('given the customer already asked the same about the same order, when they ask again, then the request joins their open case', () => {
    const ask = (requestId: string, open: Case[]) =>
      decideRequest(
        policy,
        {
          requestId,
          requestType: 'file_claim',
          receivedAt: now.toISOString(),
          subject: { kind: 'order', id: 'SO-1' },
          party,
        },
        open,
        now,
      );
    const first = ask('rq-3', []);
    const second = ask('rq-4', [first.case]);
    expect(second.case.caseId).toBe(first.case.caseId);
    expect(second.case.requests.map((q) => q.requestId)).toEqual(['rq-3', 'rq-4']);
    expect(second.emits).toEqual([
      expect.objectContaining({ type: 'case.updated', change: 'customer_request_joined' }),
    ]);
    const otherOrder = decideRequest(
      policy,
      {
        requestId: 'rq-5',
        requestType: 'file_claim',
        receivedAt: now.toISOString(),
        subject: { kind: 'order', id: 'SO-2' },
        party,
      },
      [first.case],
      now,
    );
    expect(otherOrder.case.caseId).not.toBe(first.case.caseId);
  });

  describe('a proactive case opened after the customer asked', () => {
    const asked = (requestId: string, requestType: 'track_parcel' | 'file_claim') =>
      decideRequest(
        policy,
        {
          requestId,
          requestType,
          message: 'Where is it?',
          receivedAt: '2025-03-06T12:00:00.000Z',
          subject: { kind: 'shipment', id: 'SHP-1' },
          party,
        },
        [],
        new Date('2025-03-06T12:00:00Z'),
      ).case;
    const whereIsIt = asked('rq-7', 'track_parcel');
    const claim = asked('rq-8', 'file_claim');

    it('given an open "where is my parcel" request, when a delay case opens, then it takes the request over and the request case closes, merged, both linked', () => {
      const { proactive, merged } = absorbRequests(opened.case, [whereIsIt, claim], now);
      expect(proactive.case.requests).toEqual([
        expect.objectContaining({
          requestId: 'rq-7',
          requestType: 'track_parcel',
          beforeWeNotified: true,
        }),
      ]);
      expect(proactive.case.evidence.map((e) => e.type)).toEqual([
        'shipment.eta-changed',
        'customer.track_parcel',
      ]);
      expect(proactive.case.linkedCaseIds).toEqual([whereIsIt.caseId]);
      expect(proactive.audit).toEqual([
        expect.objectContaining({
          action: 'customer_request_joined',
          detail: expect.objectContaining({ mergedFrom: whereIsIt.caseId, beforeWeNotified: true }),
        }),
      ]);
      expect(proactive.emits).toEqual([
        expect.objectContaining({ type: 'case.updated', change: 'customer_request_joined' }),
      ]);
      expect(merged).toHaveLength(1);
      expect(merged[0]!.case).toMatchObject({
        caseId: whereIsIt.caseId,
        status: 'resolved',
        linkedCaseIds: [opened.case.caseId],
        resolution: { kind: 'auto_resolved', by: 'detector' },
      });
      expect(merged[0]!.case.resolution?.reason).toContain(opened.case.caseId);
      expect(merged[0]!.emits).toEqual([{ type: 'case.resolved' }]);
      expect(merged[0]!.timers.length).toBeGreaterThan(0);
      expect(merged[0]!.timers.every((t) => t.kind === 'cancel')).toBe(true);
    });

    it('given we had told the customer before they asked, then the request does not count against us', () => {
      const told = {
        ...opened.case,
        customerNotified: true,
        customerNotifiedAt: '2025-03-06T11:00:00.000Z',
      };
      const { proactive } = absorbRequests(told, [whereIsIt], now);
      expect(proactive.case.requests[0]).toMatchObject({ beforeWeNotified: false });
      expect(proactive.audit[0]!.detail).toMatchObject({ beforeWeNotified: false });
    });

    it('given the request was already taken over or is closed, then nothing changes', () => {
      const once = absorbRequests(opened.case, [whereIsIt], now).proactive.case;
      const again = absorbRequests(once, [whereIsIt], now);
      expect(again.proactive.emits).toEqual([]);
      expect(again.merged).toEqual([]);
      const closed = { ...whereIsIt, status: 'resolved' as const };
      expect(absorbRequests(opened.case, [closed], now).merged).toEqual([]);
    });
  });

  it('given roles, when a CSR reopens or grants $600, then it is refused; a team lead may', () => {
    const csr = { id: 'csr-1', role: 'csr' as const };
    const lead = { id: 'lead-1', role: 'team_lead' as const };
    const credit = {
      kind: 'percent_credit' as const,
      creditPercent: 25,
      amount: { amountMinor: 60_000, currency: 'USD' },
      description: '25 %',
    };
    expect(() =>
      decideCommand(
        policy,
        opened.case,
        { kind: 'change_remedy', remedy: credit, reason: 'x' },
        csr,
        now,
      ),
    ).toThrow(expect.objectContaining({ code: 'CREDIT_OVER_ROLE_LIMIT', kind: 'FORBIDDEN' }));
    expect(
      decideCommand(
        policy,
        opened.case,
        { kind: 'change_remedy', remedy: credit, reason: 'x' },
        lead,
        now,
      ).case.remedySetBy,
    ).toBe('lead-1');
    const resolved = decideCommand(
      policy,
      opened.case,
      { kind: 'resolve', resolution: 'resolved_by_csr', reason: 'credited' },
      csr,
      now,
    ).case;
    expect(() =>
      decideCommand(policy, resolved, { kind: 'reopen', reason: 'x' }, csr, now),
    ).toThrow(/team lead/);
    expect(
      decideCommand(policy, resolved, { kind: 'reopen', reason: 'customer called' }, lead, now).case
        .status,
    ).toBe('in_progress');
  });

  it('given an escalated case, when wording is suggested, then it carries the tracking reference, timeline, owner and compensation', () => {
    const l2 = decideCommand(
      policy,
      opened.case,
      { kind: 'escalate', reason: 'customer upset' },
      { id: 'csr-1', role: 'csr' },
      now,
    ).case;
    const w = suggestWording(l2);
    expect(w.opening).toContain('tracking number 1Z1');
    expect(w.followUp).toMatch(/resolved by .*2025/);
    expect(w.escalation).toContain('team lead');
    expect(w.escalation).toContain('Credit the shipping cost ($30.00)');
  });
});
