import { TOPIC } from '@forewarn/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDay, type SimRun } from './generate-day.js';
import { SUPPLIERS } from './purchasing-story.js';

const small = { seed: 7, orders: 150 } as const;
const isPurchasing = (e: SimRun['emissions'][number]) => e.topic === TOPIC.erpPurchasing;

describe('purchasing stream', () => {
  let run: SimRun;
  let bare: SimRun;
  beforeAll(() => {
    run = generateDay(small);
    bare = generateDay(small, { purchasing: false });
  }, 120_000);

  it('leaves every other message, and the ground truth, as the day without it', () => {
    expect(bare.emissions.some(isPurchasing)).toBe(false);
    expect(JSON.stringify(run.emissions.filter((e) => !isPurchasing(e)))).toBe(
      JSON.stringify(bare.emissions),
    );
    expect(run.groundTruth).toEqual(bare.groundTruth);
  });

  it('issues, acknowledges and receives purchase orders with every supplier, some late, short or rejected', () => {
    const events = run.emissions.flatMap((e) => (e.kind === 'event' && isPurchasing(e) ? [e] : []));
    const byType = (t: string) => events.filter((e) => e.event.type === t).map((e) => e.event);
    const issued = byType('erp.purchase-order.issued');
    const received = byType('erp.purchase-order.received');
    expect(issued.length).toBeGreaterThan(30);
    expect(byType('erp.purchase-order.acknowledged').length).toBeLessThan(issued.length);
    expect(new Set(issued.map((e) => (e.payload as { supplierId: string }).supplierId))).toEqual(
      new Set(SUPPLIERS.map((s) => s.id)),
    );
    const lines = received.flatMap(
      (e) => (e.payload as { lines: { qtyReceived: number; qtyRejected: number }[] }).lines,
    );
    expect(lines.some((l) => l.qtyRejected > 0)).toBe(true);
    const due = new Map(
      issued.map((e) => {
        const p = e.payload as { poNumber: string; expectedReceiptDate: string };
        return [p.poNumber, p.expectedReceiptDate];
      }),
    );
    const late = received.filter((e) => {
      const p = e.payload as { poNumber: string; receivedAt: string };
      return p.receivedAt.slice(0, 10) > due.get(p.poNumber)!;
    });
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(received.length);
    // Every message is sent when it happened, at an instant the ERP feed was sending anyway.
    for (const e of events)
      expect(Math.abs(Date.parse(e.event.occurredAt) - e.emitAt)).toBeLessThan(1);
  });
});
