import { afterAll, describe, expect, it } from 'vitest';
import * as b from '../../testing/scenarios/builders.js';
import { PgWorld, closeWorlds, handleEvent } from '../../testing/pg-world.js';
import { defaultPolicy as policy } from '../policy.js';

afterAll(closeWorlds);

const at = (iso: string) => ({ policy, now: new Date(iso) });

const line = (lineNo: number, o: Partial<Record<string, number>> = {}) => ({
  lineNo,
  sku: `SKU-${lineNo}`,
  critical: false,
  unitPrice: { amountMinor: 1_000, currency: 'USD' },
  orderedQty: 4,
  allocatedQty: 4,
  backorderedQty: 0,
  pickedQty: 0,
  shortQty: 0,
  shippedQty: 0,
  deliveredQty: 0,
  ...o,
});
const shortages = (store: PgWorld) =>
  [...store.cases.values()]
    .filter((c) => c.caseType === 'short_pick_backorder')
    .map((c) => c.status);

/** An order with line 1 backordered (2 of 4), case opened at 10:00. */
async function backordered(k: string) {
  const store = await PgWorld.open();
  const s = b.story(k);
  const first = b.orderStatus(s, '2025-03-04T09:00:00Z', {
    status: 'allocated',
    lines: [line(1, { allocatedQty: 2, backorderedQty: 2 })],
  });
  const short = b.lineShort(s, '2025-03-04T10:00:00Z', {
    line: line(1, { allocatedQty: 2, backorderedQty: 2 }),
    shortQty: 2,
    source: 'erp_backorder',
  });
  for (const e of [first, short]) await handleEvent(store, e, at(e.occurredAt));
  expect(shortages(store)).toEqual(['open']);
  return { store, s };
}

describe('short pick / backorder resolved by the order snapshot (given/when/then)', () => {
  it('given a backordered line, when a newer snapshot shows every line filled (the fill itself came first, or not at all), then the case resolves', async () => {
    const { store, s } = await backordered('snap1');
    const filled = b.orderStatus(s, '2025-03-04T20:00:00Z', {
      status: 'in_fulfilment',
      lines: [line(1, { pickedQty: 4 })],
    });
    await handleEvent(store, filled, at(filled.occurredAt));
    expect(shortages(store)).toEqual(['resolved']);
  });

  it('given a backordered line, when a newer snapshot still shows it backordered, then the case stays open', async () => {
    const { store, s } = await backordered('snap2');
    const still = b.orderStatus(s, '2025-03-04T20:00:00Z', {
      status: 'allocated',
      lines: [line(1, { allocatedQty: 2, backorderedQty: 2 })],
    });
    await handleEvent(store, still, at(still.occurredAt));
    expect(shortages(store)).toEqual(['open']);
  });

  it('given a backordered line, when an older snapshot with every line filled arrives late, then it decides nothing', async () => {
    const { store, s } = await backordered('snap3');
    const newer = b.orderStatus(s, '2025-03-04T11:00:00Z', {
      status: 'allocated',
      lines: [line(1, { allocatedQty: 2, backorderedQty: 2 })],
    });
    const older = b.orderStatus(s, '2025-03-04T08:00:00Z', {
      status: 'open',
      lines: [line(1)],
    });
    for (const e of [newer, older]) await handleEvent(store, e, at('2025-03-04T12:00:00Z'));
    expect(shortages(store)).toEqual(['open']);
  });
});

describe('invoice discrepancy wording', () => {
  it('given an invoice billing more than shipped on one line, when it posts, then the case cites the line billed, shipped and ordered', async () => {
    const store = await PgWorld.open();
    const s = b.story('inv-words');
    await handleEvent(store, b.orderStatus(s, '2025-03-04T09:00:00Z'), at('2025-03-04T09:00:00Z'));
    const posted = b.invoicePosted(s, '2025-03-06T09:00:00Z', {
      discrepancies: [
        {
          kind: 'qty_mismatch',
          lineNo: 2,
          sku: 'SKU-PUMP-200',
          invoicedQty: 3,
          expectedQty: 2,
          shippedQty: 2,
          orderedQty: 4,
        },
        { kind: 'total_mismatch', detail: 'invoiced subtotal 3 ≠ expected 2' },
      ],
    });
    await handleEvent(store, posted, at('2025-03-06T09:00:00Z'));
    const opened = [...store.cases.values()].find((c) => c.caseType === 'invoice_discrepancy');
    expect(opened?.explanation).toContain('line 2 SKU-PUMP-200 billed 3, shipped 2, ordered 4');
  });
});

describe('late shipment at the site cut-off', () => {
  const fire = async (store: PgWorld, iso: string) => {
    await store.fireDue(new Date(iso), policy);
  };
  const lateCases = (store: PgWorld) =>
    [...store.cases.values()].filter((c) => c.caseType === 'late_shipment_risk');

  it('given a ship-by at 17:00 New York and no ship-confirm, then no case at 16:59 and one at 17:00', async () => {
    const store = await PgWorld.open();
    const s = b.story('cutoff');
    // The order service resolved promisedShipDate 2025-03-05 at the site cut-off: 17:00 EST.
    const order = b.orderStatus(s, '2025-03-04T09:00:00Z', {
      status: 'allocated',
      promisedShipDate: '2025-03-05',
      shipBy: '2025-03-05T22:00:00.000Z',
    });
    await handleEvent(store, order, at('2025-03-04T09:00:00Z'));
    await fire(store, '2025-03-05T21:59:00Z');
    expect(lateCases(store)).toEqual([]);
    await fire(store, '2025-03-05T22:00:00Z');
    expect(lateCases(store)).toHaveLength(1);
  });

  it('given an order with no ship-by instant (written before the promise travelled), then nothing is watched rather than guessed', async () => {
    const store = await PgWorld.open();
    const s = b.story('no-ship-by');
    await handleEvent(
      store,
      b.orderStatus(s, '2025-03-04T09:00:00Z', { status: 'allocated', shipBy: null }),
      at('2025-03-04T09:00:00Z'),
    );
    await fire(store, '2025-03-10T00:00:00Z');
    expect(lateCases(store)).toEqual([]);
  });
});
