import type { NewEntry } from './ground-truth.js';
import type { OrderOutcome } from './order-story.js';
import { ERP, type StoryContext } from './story-context.js';
import { DAY, HOUR } from './time.js';

export interface ReturnInput {
  order: OrderOutcome;
  rmaNo: number;
  /** Not credited within the credit window: the returns-overdue exception. */
  overdue: boolean;
  /** Earliest and latest sim time the goods may arrive back. */
  receiveFrom: number;
  receiveBy: number;
}

/** A return of one delivered order line: authorised, received, and credited unless overdue. */
export function returnStory(ctx: StoryContext, input: ReturnInput): NewEntry[] {
  const { log, rng } = ctx;
  const { order } = input;
  const delivered = order.deliveredAt ?? order.createdAt + 3 * DAY;
  const rmaId = `RMA-${ctx.tag}${10_000 + input.rmaNo}`;
  const line = rng.pick(order.lines);
  const qty = rng.int(1, Math.max(1, Math.min(line.qty, 5)));
  const amount = { amountMinor: qty * line.unitPriceMinor, currency: 'USD' };
  const lines = [{ lineNo: line.lineNo, sku: line.sku, qty, amount }];
  const head = { rmaId, orderId: order.orderId, customerId: order.customer.customerId };
  const refs = { customerId: head.customerId, orderId: order.orderId, poNumber: order.poNumber };
  const receivedAt = Math.max(
    delivered + 2 * DAY,
    input.receiveFrom + rng.between(0, Math.max(0, input.receiveBy - input.receiveFrom)),
  );
  const authorisedAt = Math.max(delivered + HOUR, receivedAt - rng.between(1, 3) * DAY);
  log.add('erp.return.authorised', ERP, authorisedAt, refs, {
    ...head,
    reason: rng.pick(['damaged', 'defective', 'wrong_item', 'not_needed'] as const),
    lines,
    expectedCredit: amount,
  });
  log.add('erp.return.received', ERP, receivedAt, refs, { ...head, lines });
  const creditDays = ctx.thresholds.returnsCreditDays;
  if (!input.overdue) {
    const creditedAt = receivedAt + rng.between(0.5, creditDays - 1.5) * DAY;
    log.add('erp.return.credited', ERP, creditedAt, refs, {
      ...head,
      creditNoteId: `CN-${rmaId.slice(4)}`,
      lines,
      total: amount,
    });
    return [];
  }
  return [
    {
      exceptionType: 'returns_overdue',
      variant: 'not_credited',
      subject: { kind: 'order', id: order.orderId },
      customerId: head.customerId,
      orderId: order.orderId,
      injectedAt: receivedAt,
      detectableBy: receivedAt + creditDays * DAY,
      deliberate: true,
      note: `${rmaId} received ${new Date(receivedAt).toISOString()}, never credited`,
    },
  ];
}
