import { sampleEvent } from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { interpret } from './interpret.js';

const asking = (eventId: string, type: string) => ({
  eventId,
  type: `customer.${type}`,
  occurredAt: '2025-03-05T10:00:00Z',
  summary: `Customer asked: ${type}`,
});

describe('interpret', () => {
  it('confirms an order on its first status only', () => {
    const first = sampleEvent('order.status-changed', { payload: { previousStatus: undefined } });
    expect(interpret(first).trigger).toMatchObject({
      template: 'order.confirmed',
      poNumber: 'PO-7781',
      customerTier: 'enterprise',
    });
    expect(interpret(sampleEvent('order.status-changed')).trigger).toBeNull();
  });

  it('tells about a short line, critical when the SKU is', () => {
    const t = interpret(sampleEvent('order.line-short')).trigger;
    expect(t).toMatchObject({ template: 'order.backorder', critical: true });
    const filled = sampleEvent('order.line-short', { payload: { shortQty: 0 } });
    expect(interpret(filled).trigger).toBeNull();
  });

  it('tells about a later ETA with the tracking number, and not about an earlier one', () => {
    expect(interpret(sampleEvent('shipment.eta-changed')).trigger).toMatchObject({
      template: 'shipment.delayed',
      trackingReference: '1Z999AA10123456784',
    });
    const earlier = sampleEvent('shipment.eta-changed', {
      payload: { eta: '2025-03-06T17:00:00Z', previousEta: '2025-03-07T17:00:00Z' },
    });
    expect(interpret(earlier).trigger).toBeNull();
  });

  it('sends the exception notice for a proactive carrier exception, not for internal cases', () => {
    const opened = sampleEvent('case.opened', {
      payload: { caseType: 'carrier_exception', priority: 'critical' },
    });
    const r = interpret(opened);
    expect(r.trigger).toMatchObject({
      template: 'exception.notice',
      critical: true,
      caseId: 'CASE-1',
    });
    expect(r.signals).toMatchObject([{ kind: 'exception_opened', caseId: 'CASE-1' }]);
    const internal = sampleEvent('case.opened', { payload: { caseType: 'inventory_mismatch' } });
    expect(interpret(internal)).toEqual({ trigger: null, signals: [] });
  });

  it('records a customer-initiated case as the customer contacting us, and answers it', () => {
    const asked = sampleEvent('case.opened', {
      payload: {
        caseType: 'parcel_not_received',
        origin: 'customer',
        openedAt: '2025-03-05T10:00:00Z',
        evidence: [asking('rq-9', 'parcel_not_received')],
      },
    });
    expect(interpret(asked)).toMatchObject({
      trigger: {
        template: 'request.received',
        onceFor: 'request:rq-9',
        data: { caseType: 'parcel_not_received' },
      },
      signals: [
        {
          kind: 'customer_contacted',
          customerId: 'C-ACME',
          orderId: 'SO-1001',
          at: '2025-03-05T10:00:00Z',
        },
      ],
    });
  });

  it('answers a request that joined an open case once, worded for what was asked', () => {
    const joined = sampleEvent('case.updated', {
      payload: {
        caseType: 'carrier_delay',
        change: 'customer_request_joined',
        newEvidence: [asking('rq-10', 'delivery_date_time')],
      },
    });
    expect(interpret(joined).trigger).toMatchObject({
      template: 'request.received',
      onceFor: 'request:rq-10',
      data: { caseType: 'delivery_date_time' },
    });
    const noRequest = sampleEvent('case.updated', {
      payload: { change: 'customer_request_joined', newEvidence: [] },
    });
    expect(interpret(noRequest).trigger).toBeNull();
  });

  it('sends case updates for status changes and resolutions only', () => {
    expect(interpret(sampleEvent('case.updated')).trigger?.template).toBe('case.update');
    const note = sampleEvent('case.updated', { payload: { change: 'note_added' } });
    expect(interpret(note).trigger).toBeNull();
    expect(interpret(sampleEvent('case.resolved')).trigger?.template).toBe('case.update');
  });
});
