import { encodeEvent, decodeEvent } from '@forewarn/contracts';
import {
  sampleAllocationUpdated,
  sampleInvoiceIssued,
  sampleOrderChanged,
  sampleOrderCreated,
  samplePickCompleted,
  sampleReturnAuthorised,
  sampleReturnCredited,
  sampleReturnReceived,
  sampleShipmentConfirmed,
} from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { eventsOfFold } from './emit.js';
import type { OrderInputEvent } from './events.js';
import { foldOrder } from './fold.js';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const emitted = (events: OrderInputEvent[]) => eventsOfFold(foldOrder('SO-1001', events).steps);
const types = (events: OrderInputEvent[]) => emitted(events).map((e) => e.type);

describe('emitted order domain events', () => {
  it('given a new order, then one status-changed to open with no previous status', () => {
    const [event] = emitted([sampleOrderCreated()]);
    expect(event?.type).toBe('order.status-changed');
    expect(event?.payload).toMatchObject({ status: 'open', previousStatus: null });
  });

  it('given a backorder, when allocation arrives, then line-short from the ERP and status backordered', () => {
    const backorder = sampleAllocationUpdated({
      payload: {
        lines: [
          { lineNo: 1, sku: 'SKU-BOLT-M8', orderedQty: 100, allocatedQty: 100, backorderedQty: 0 },
          {
            lineNo: 2,
            sku: 'SKU-PUMP-200',
            orderedQty: 2,
            allocatedQty: 0,
            backorderedQty: 2,
            expectedAvailableDate: '2025-03-20',
          },
        ],
      },
    });
    const events = emitted([sampleOrderCreated(), backorder]);
    const short = events.find((e) => e.type === 'order.line-short');
    expect(short?.payload).toMatchObject({
      source: 'erp_backorder',
      shortQty: 2,
      expectedAvailableDate: '2025-03-20',
      lineValue: usd(90_000),
    });
    expect(short?.causationId).toBe(backorder.eventId);
    expect(short?.occurredAt).toBe(backorder.occurredAt);
    expect(types([sampleOrderCreated(), backorder])).toContain('order.status-changed');
  });

  it('given a promise change, then promise-changed carries the previous dates', () => {
    const changed = sampleOrderChanged({ payload: { promisedDeliveryDate: '2025-03-11' } });
    const promise = emitted([sampleOrderCreated(), changed]).find(
      (e) => e.type === 'order.promise-changed',
    );
    expect(promise?.payload).toMatchObject({
      promisedDeliveryDate: '2025-03-11',
      previousPromisedDeliveryDate: '2025-03-07',
    });
  });

  it('given an order.changed with the same dates, then no promise-changed', () => {
    expect(types([sampleOrderCreated(), sampleOrderChanged()])).not.toContain(
      'order.promise-changed',
    );
  });

  it('given an invoice billing more than shipped, then invoice-posted lists the discrepancies', () => {
    const shortShip = sampleShipmentConfirmed({
      payload: {
        cartons: [{ cartonId: 'C1', lines: [{ lineNo: 1, sku: 'SKU-BOLT-M8', qty: 100 }] }],
      },
    });
    const invoice = sampleInvoiceIssued();
    const posted = emitted([sampleOrderCreated(), shortShip, invoice]).find(
      (e) => e.type === 'order.invoice-posted',
    );
    expect(posted?.payload).toMatchObject({
      invoiceId: 'INV-9001',
      invoicedTotal: usd(92_500),
      expectedTotal: usd(2_500),
    });
    const kinds = posted?.type === 'order.invoice-posted' ? posted.payload.discrepancies : [];
    expect(kinds.map((d) => d.kind)).toEqual(['qty_mismatch', 'total_mismatch']);
  });

  it('given an invoice matching the order, then invoice-posted with no discrepancies', () => {
    const posted = emitted([sampleOrderCreated(), sampleInvoiceIssued()]).find(
      (e) => e.type === 'order.invoice-posted',
    );
    expect(posted?.type === 'order.invoice-posted' && posted.payload.discrepancies).toEqual([]);
  });

  it('given a return received then credited, then one event each', () => {
    const events = [
      sampleOrderCreated(),
      sampleReturnAuthorised(),
      sampleReturnReceived(),
      sampleReturnCredited(),
    ];
    expect(types(events).filter((t) => t.startsWith('order.return'))).toEqual([
      'order.return-received',
      'order.return-credited',
    ]);
    const view = foldOrder('SO-1001', events).view;
    expect(view?.lines[1]?.returnedQty).toBe(1);
  });

  it('given the same history twice, then the same event ids (name-based, no clock)', () => {
    const events = [sampleOrderCreated(), samplePickCompleted(), sampleShipmentConfirmed()];
    expect(emitted(events).map((e) => e.eventId)).toEqual(emitted(events).map((e) => e.eventId));
    expect(new Set(emitted(events).map((e) => e.eventId)).size).toBe(emitted(events).length);
  });

  it('every emitted event satisfies the contract and round-trips through Avro', () => {
    const events = emitted([
      sampleOrderCreated(),
      sampleAllocationUpdated(),
      samplePickCompleted({
        payload: {
          lines: [
            {
              lineNo: 1,
              sku: 'SKU-BOLT-M8',
              requestedQty: 100,
              pickedQty: 90,
              shortQty: 10,
              shortReason: 'no_stock',
            },
          ],
        },
      }),
      sampleOrderChanged({ payload: { promisedShipDate: '2025-03-06' } }),
      sampleShipmentConfirmed(),
      sampleInvoiceIssued(),
      sampleReturnReceived(),
      sampleReturnCredited(),
    ]);
    expect(new Set(events.map((e) => e.type)).size).toBe(6);
    for (const e of events) expect(decodeEvent(encodeEvent(e)).event.eventId).toBe(e.eventId);
  });
});
