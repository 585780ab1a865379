import { describe, expect, it } from 'vitest';
import { defaultPolicy as policy } from '../policy.js';
import type { Clearance, Detection } from '../rules/signals.js';
import { decideRequest } from './customer-request.js';
import { decideSignal, subjectsAround } from './decide-signal.js';

const now = new Date('2025-03-06T14:00:00Z');
const ctx = { policy, now };
const party = { customerId: 'C-1', customerName: 'Acme', tier: 'retail' as const };
const shipment = { kind: 'shipment' as const, id: 'SHP-1' };
const detect = (eventId: string): Detection => ({
  kind: 'detect',
  caseType: 'carrier_delay',
  subject: shipment,
  priority: 'normal',
  queue: 'transportation',
  title: 'Late',
  explanation: 'The ETA is after the promise.',
  evidence: { eventId, type: 'shipment.eta-changed', occurredAt: '', summary: eventId },
  party: { ...party, orderId: 'SO-1', shipmentId: 'SHP-1' },
  facts: { issue: 'late' },
});
const clear = (onlyCiting?: string): Clearance => ({
  kind: 'clear',
  caseType: 'carrier_delay',
  subject: shipment,
  reason: 'delivered',
  evidence: { eventId: 'ev-9', type: 'shipment.delivered', occurredAt: '', summary: 'ev-9' },
  ...(onlyCiting ? { onlyCiting } : {}),
});
const types = (out: ReturnType<typeof decideSignal>) =>
  out.decisions.flatMap((d) => d.emits.map((e) => e.type));

describe('decideSignal: a detection or clearance decided on facts loaded before', () => {
  const opened = decideSignal(detect('ev-1'), {}, ctx);
  const open = opened.decisions[0]!.case;

  it('given no case, then it opens one; given it open, then the evidence is added; given it cited before, then nothing', () => {
    expect(types(opened)).toEqual(['case.opened']);
    expect(types(decideSignal(detect('ev-2'), { open }, ctx))).toEqual(['case.updated']);
    expect(decideSignal(detect('ev-1'), { citedBefore: true }, ctx).decisions).toEqual([]);
  });

  it('given the customer was told before, then the case opens told', () => {
    const told = { notificationId: 'n1', sentAt: '2025-03-06T13:00:00Z', channel: 'email' };
    const out = decideSignal(
      detect('ev-1'),
      { told: { ...told, template: 'delay', triggerEventId: 'ev-1' } },
      ctx,
    );
    expect(out.decisions[0]!.case.customerNotifiedAt).toBe('2025-03-06T13:00:00Z');
  });

  it('given an earlier incident of the customer, then the case is a repeat and a chronic detection comes next', () => {
    const prior = [{ caseId: 'c-0', openedAt: '2025-03-01T00:00:00Z' }];
    const out = decideSignal(detect('ev-1'), { prior }, ctx);
    expect(out.decisions[0]!.case.rcaRequired).toBe(true);
    expect(out.next.map((d) => [d.caseType, d.subject])).toEqual([
      ['chronic_breach', { kind: 'customer', id: 'C-1' }],
    ]);
  });

  it('given the customer asked about it first, then the new case takes the request over', () => {
    const request = {
      requestId: 'rq-1',
      requestType: 'track_parcel' as const,
      receivedAt: '2025-03-06T12:00:00.000Z',
      subject: shipment,
      party,
    };
    const asked = decideRequest(policy, request, [], new Date('2025-03-06T12:00:00Z')).case;
    const out = decideSignal(detect('ev-1'), { around: [asked] }, ctx);
    expect(types(out)).toEqual(['case.opened', 'case.updated', 'case.resolved']);
    expect(out.decisions[2]!.case.caseId).toBe(asked.caseId);
  });

  it('given a clearance, then the open case resolves, unless it does not cite what the clearance asks', () => {
    expect(types(decideSignal(clear(), { open }, ctx))).toEqual(['case.resolved']);
    expect(decideSignal(clear('ev-7'), { open }, ctx).decisions).toEqual([]);
    expect(types(decideSignal(clear('ev-1'), { open }, ctx))).toEqual(['case.resolved']);
    expect(decideSignal(clear(), {}, ctx).decisions).toEqual([]);
  });

  it('names the order and shipment a case is about once each', () => {
    expect(
      subjectsAround({ subject: shipment, party: { orderId: 'SO-1', shipmentId: 'SHP-1' } }),
    ).toEqual([shipment, { kind: 'order', id: 'SO-1' }]);
  });
});
