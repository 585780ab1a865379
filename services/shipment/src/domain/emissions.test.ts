import { sampleProofOfDeliveryRecorded } from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { plannedEvents, type DecidedEvent } from './emissions.js';
import { fold } from './evolve.js';
import { confirm, scan } from './events.fixtures.js';

const SHP = 'SHP-5001';
const decided = (events: DecidedEvent['event'][]): DecidedEvent[] =>
  events.map((event) => ({ event, intents: [] }));

describe('delivered announcements (given a history, when planned, then events)', () => {
  const shipped = confirm();
  const carton = shipped.payload.cartons[0]!;
  const line = carton.lines[0]!;
  const delivered = scan('delivered', '2025-03-06T16:00:00Z', {
    trackingNumber: carton.trackingNumber ?? undefined,
  });
  const shortPod = sampleProofOfDeliveryRecorded({
    eventId: 'pod-short',
    occurredAt: '2025-03-06T16:04:00Z',
    payload: {
      trackingNumber: carton.trackingNumber ?? undefined,
      deliveredAt: '2025-03-06T16:00:00Z',
      lines: [{ lineNo: line.lineNo, sku: line.sku ?? undefined, deliveredQty: line.qty - 1 }],
    },
  });
  const delivers = (events: DecidedEvent['event'][]) =>
    plannedEvents(fold(SHP, events), decided(events), [])
      .filter((e) => e.type === 'shipment.delivered')
      .map((e) => ({ id: e.eventId, lines: 'lines' in e.payload ? e.payload.lines : [] }));

  it('given a proof of delivery short of what its parcel carried, then it is announced on its own, whether or not the delivered scan was folded before it', () => {
    const before = delivers([shipped, delivered]);
    const after = delivers([shipped, delivered, shortPod]);
    const shortOne = after.find((e) => !before.some((b) => b.id === e.id));
    expect(shortOne?.lines).toContainEqual({
      lineNo: line.lineNo,
      sku: line.sku,
      shippedQty: line.qty,
      deliveredQty: line.qty - 1,
    });
    // The same ids in both histories: what is announced does not depend on batch boundaries.
    expect(after.map((e) => e.id)).toEqual(expect.arrayContaining(before.map((e) => e.id)));
    expect(after).toHaveLength(2);
  });

  it('given a proof of delivery of everything, then nothing more is announced', () => {
    const fullPod = sampleProofOfDeliveryRecorded({
      eventId: 'pod-full',
      occurredAt: '2025-03-06T16:04:00Z',
      payload: {
        trackingNumber: carton.trackingNumber ?? undefined,
        deliveredAt: '2025-03-06T16:00:00Z',
        lines: carton.lines.map((l) => ({
          lineNo: l.lineNo,
          sku: l.sku ?? undefined,
          deliveredQty: l.qty,
        })),
      },
    });
    expect(delivers([shipped, delivered, fullPod])).toHaveLength(1);
  });
});
