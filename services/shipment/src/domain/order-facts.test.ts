import {
  sampleOrderStatusChanged,
  sampleShipmentStatusChanged,
} from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { newestPerOrder, orderFactsOf, withOrderFacts } from './order-facts.js';

const unknownFacts = sampleShipmentStatusChanged({
  payload: { customerTier: null, deliverBy: null, customerName: null, timezone: null },
});

describe("the order service's facts on shipment events", () => {
  it('given facts, when laid over a shipment event, then tier, name, promise and zone come from the order', () => {
    const facts = orderFactsOf(
      sampleOrderStatusChanged({
        payload: {
          customerTier: 'retail',
          customerName: 'Corner Hardware',
          deliverBy: '2025-03-09T04:59:59.999Z',
        },
      }),
    );
    const e = withOrderFacts(unknownFacts, facts);
    expect(e.payload).toMatchObject({
      customerTier: 'retail',
      customerName: 'Corner Hardware',
      deliverBy: '2025-03-09T04:59:59.999Z',
      timezone: 'America/New_York',
    });
    expect(e.refs.poNumber).toBe(facts.poNumber);
  });

  it('given no facts yet, when laid over, then the event is left as it was: nothing is guessed', () => {
    expect(withOrderFacts(unknownFacts, undefined)).toBe(unknownFacts);
  });

  it('given several events of one order in a batch, when reduced, then the newest by time (then id) wins', () => {
    const a = orderFactsOf(sampleOrderStatusChanged({ occurredAt: '2025-03-04T10:00:00Z' }));
    const b = orderFactsOf(sampleOrderStatusChanged({ occurredAt: '2025-03-03T10:00:00Z' }));
    expect(newestPerOrder([a, b])).toEqual([a]);
    expect(newestPerOrder([b, a])).toEqual([a]);
  });
});
