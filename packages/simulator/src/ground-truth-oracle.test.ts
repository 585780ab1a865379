import type { SourceEvent } from '@forewarn/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDay, type SimRun } from './generate-day.js';
import { DAY, HOUR, endOfLocalDate } from './time.js';

// A naive detector over the emitted events, written independently of the generator: every
// exception it finds must be in the ground truth and every ground-truth entry must be found.
// This is what keeps the truth free of accidental exceptions the generator did not mean.

type Of<T extends SourceEvent['type']> = Extract<SourceEvent, { type: T }>;

describe('ground truth against a naive detector', () => {
  let run: SimRun;
  let events: SourceEvent[];
  const of = <T extends SourceEvent['type']>(type: T) =>
    events.filter((e): e is Of<T> => e.type === type);
  const truth = (type: string, field: 'orderId' | 'shipmentId') =>
    new Set(run.groundTruth.filter((g) => g.exceptionType === type).map((g) => g[field]));
  let orders: Map<string, Of<'erp.order.created'>['payload']>;
  let shipmentOf: Map<string, Of<'wms.shipment.confirmed'>['payload']>;

  beforeAll(() => {
    run = generateDay({ seed: 11, orders: 300 });
    const seen = new Set<string>();
    events = [];
    for (const e of run.emissions) {
      if (e.kind === 'event' && !seen.has(e.event.eventId)) {
        seen.add(e.event.eventId);
        events.push(e.event);
      }
    }
    orders = new Map(
      [...of('erp.order.created'), ...of('erp.order.changed')].map((e) => [
        e.payload.orderId,
        e.payload,
      ]),
    );
    shipmentOf = new Map(
      of('wms.shipment.confirmed').flatMap((e) =>
        e.payload.trackingNumbers.map((t) => [t, e.payload] as const),
      ),
    );
  });

  const promiseEnd = (orderId: string, field: 'promisedShipDate' | 'promisedDeliveryDate') => {
    const o = orders.get(orderId);
    if (!o) throw new Error(`no order ${orderId}`);
    return endOfLocalDate(o[field], o.timezone ?? 'UTC');
  };

  it('late shipment risk: exactly the orders not ship-confirmed by the end of the promised ship date', () => {
    const windowEnd = Date.parse(run.window.end);
    const cancelled = new Set(of('erp.order.cancelled').map((e) => e.payload.orderId));
    const shipped = new Map(
      of('wms.shipment.confirmed').map((e) => [e.payload.orderId, Date.parse(e.payload.shippedAt)]),
    );
    const late = [...orders.keys()].filter((id) => {
      const deadline = promiseEnd(id, 'promisedShipDate');
      return (
        !cancelled.has(id) && deadline <= windowEnd && (shipped.get(id) ?? Infinity) > deadline
      );
    });
    expect(late.length).toBeGreaterThan(0);
    expect(new Set(late)).toEqual(truth('late_shipment_risk', 'orderId'));
  });

  it('short pick / backorder and inventory mismatch', () => {
    const short = new Set([
      ...of('wms.pick.completed')
        .filter((e) => e.payload.lines.some((l) => l.shortQty > 0))
        .map((e) => e.payload.orderId),
      ...of('erp.allocation.updated')
        .filter((e) => e.payload.lines.some((l) => l.backorderedQty > 0))
        .map((e) => e.payload.orderId),
    ]);
    expect(short).toEqual(truth('short_pick_backorder', 'orderId'));
    const mismatched = new Set(
      of('wms.inventory.adjusted')
        .filter((e) => e.payload.reason === 'cycle_count_mismatch')
        .map((e) => e.payload.sku),
    );
    const affected = new Set(
      [...orders.values()]
        .filter((o) => o.lines.some((l) => mismatched.has(l.sku)))
        .map((o) => o.orderId),
    );
    expect(affected).toEqual(truth('inventory_mismatch', 'orderId'));
  });

  it('carrier delay, carrier exception and delivered late or short, per shipment', () => {
    const delayed = new Set(
      of('carrier.eta.updated')
        .filter((e) => {
          const s = shipmentOf.get(e.payload.trackingNumber);
          return s && Date.parse(e.payload.newEta) > promiseEnd(s.orderId, 'promisedDeliveryDate');
        })
        .map((e) => shipmentOf.get(e.payload.trackingNumber)?.shipmentId),
    );
    expect(delayed).toEqual(truth('carrier_delay', 'shipmentId'));
    const scans = of('carrier.tracking.scanned');
    const excepted = new Set(
      scans
        .filter(
          (e) => e.payload.status === 'exception' || e.payload.status === 'delivery_attempt_failed',
        )
        .map((e) => shipmentOf.get(e.payload.trackingNumber)?.shipmentId),
    );
    expect(excepted).toEqual(truth('carrier_exception', 'shipmentId'));
    const lateOrShort = new Set([
      ...scans
        .filter((e) => {
          const s = shipmentOf.get(e.payload.trackingNumber);
          return (
            e.payload.status === 'delivered' &&
            s &&
            Date.parse(e.payload.scannedAt) > promiseEnd(s.orderId, 'promisedDeliveryDate')
          );
        })
        .map((e) => shipmentOf.get(e.payload.trackingNumber)?.shipmentId),
      ...of('carrier.proof-of-delivery.recorded')
        .filter((e) => {
          const carton = shipmentOf
            .get(e.payload.trackingNumber)
            ?.cartons.find((c) => c.trackingNumber === e.payload.trackingNumber);
          return (e.payload.lines ?? []).some(
            (l) => l.deliveredQty < (carton?.lines.find((c) => c.lineNo === l.lineNo)?.qty ?? 0),
          );
        })
        .map((e) => shipmentOf.get(e.payload.trackingNumber)?.shipmentId),
    ]);
    expect(lateOrShort).toEqual(truth('delivered_late_or_short', 'shipmentId'));
  });

  it('stalled shipment: a parcel in transit with no scan for longer than the threshold', () => {
    const byParcel = new Map<string, Of<'carrier.tracking.scanned'>['payload'][]>();
    for (const e of of('carrier.tracking.scanned'))
      byParcel.set(e.payload.trackingNumber, [
        ...(byParcel.get(e.payload.trackingNumber) ?? []),
        e.payload,
      ]);
    const stalled = new Set<string | undefined>();
    for (const [tn, scans] of byParcel) {
      const s = shipmentOf.get(tn);
      const limit = (s?.international ? 72 : 24) * HOUR;
      scans.sort((a, b) => a.scannedAt.localeCompare(b.scannedAt));
      scans.forEach((scan, i) => {
        const next = scans[i + 1];
        if (
          next &&
          ['picked_up', 'in_transit'].includes(scan.status) &&
          Date.parse(next.scannedAt) - Date.parse(scan.scannedAt) > limit
        )
          stalled.add(s?.shipmentId);
      });
    }
    expect(stalled.size).toBeGreaterThan(0);
    expect(stalled).toEqual(truth('stalled_shipment', 'shipmentId'));
  });

  it('invoice discrepancy and returns overdue', () => {
    const wrong = of('erp.invoice.issued').filter((e) => {
      const p = e.payload;
      const o = orders.get(p.orderId);
      const subtotal = p.lines.reduce((s, l) => s + l.lineTotal.amountMinor, 0);
      const linesDiffer = p.lines.some((l) => {
        const ol = o?.lines.find((x) => x.lineNo === l.lineNo);
        return (
          !ol ||
          ol.qty !== l.qty ||
          ol.unitPrice.amountMinor !== l.unitPrice.amountMinor ||
          l.qty * l.unitPrice.amountMinor !== l.lineTotal.amountMinor
        );
      });
      const totalsDiffer =
        subtotal !== p.subtotal.amountMinor ||
        p.total.amountMinor !== subtotal + (p.freight?.amountMinor ?? 0) + p.tax.amountMinor;
      return linesDiffer || totalsDiffer;
    });
    expect(new Set(wrong.map((e) => e.payload.orderId))).toEqual(
      truth('invoice_discrepancy', 'orderId'),
    );
    const windowEnd = Date.parse(run.window.end);
    const credited = new Set(of('erp.return.credited').map((e) => e.payload.rmaId));
    const overdue = of('erp.return.received').filter(
      (e) => !credited.has(e.payload.rmaId) && Date.parse(e.occurredAt) + 7 * DAY <= windowEnd,
    );
    expect(new Set(overdue.map((e) => e.payload.orderId))).toEqual(
      truth('returns_overdue', 'orderId'),
    );
  });
});
