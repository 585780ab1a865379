import type { SimEvent } from './emissions.js';
import { EventLog } from './event-log.js';
import type { SimSku } from './master-data.js';
import type { Rng } from './prng.js';
import { ERP, WAREHOUSE } from './story-context.js';
import { DAY, HOUR, addBusinessDays, addDays, isWeekend, localDate, zonedTime } from './time.js';

/**
 * The distributor's suppliers and contractors, each with how it behaves: how often it delivers
 * late or short, how much inspection rejects, and how fast it acknowledges a purchase order.
 */
export interface SimSupplier {
  id: string;
  name: string;
  leadTimeDays: number;
  late: number;
  short: number;
  rejects: number;
  /** Median hours to acknowledge; 0 never acknowledges some. */
  ackHours: number;
}

export const SUPPLIERS: readonly SimSupplier[] = [
  {
    id: 'SUP-ACME-FAST',
    name: 'Acme Fasteners',
    leadTimeDays: 3,
    late: 0.05,
    short: 0.05,
    rejects: 0.01,
    ackHours: 2,
  },
  {
    id: 'SUP-PUMPCO',
    name: 'PumpCo Manufacturing',
    leadTimeDays: 7,
    late: 0.3,
    short: 0.1,
    rejects: 0.03,
    ackHours: 8,
  },
  {
    id: 'SUP-GLOBAL-VALVE',
    name: 'Global Valve Ltd',
    leadTimeDays: 10,
    late: 0.15,
    short: 0.3,
    rejects: 0.12,
    ackHours: 20,
  },
  {
    id: 'SUP-NORTH-PACK',
    name: 'Northern Packaging',
    leadTimeDays: 4,
    late: 0.1,
    short: 0.05,
    rejects: 0.02,
    ackHours: 40,
  },
  {
    id: 'CON-SWIFT-INSTALL',
    name: 'Swift Install Contractors',
    leadTimeDays: 5,
    late: 0.4,
    short: 0.2,
    rejects: 0.08,
    ackHours: 60,
  },
];

const DEFECTS = ['damaged', 'out_of_spec', 'wrong_item', 'expired', 'missing_documents'] as const;
/** Event ids and times of purchasing never share a sequence number with the order stories'. */
const SEQ_BASE = 10_000_000;
/** How far before the window the first purchase orders are issued (their receipts fall in it). */
const HISTORY_DAYS = 21;

/**
 * A stream of ERP purchasing events: purchase orders issued to the suppliers on every business
 * day from three weeks before the window to its end, their acknowledgements and their goods
 * receipts (late, short, partly rejected as each supplier tends to), those due by the window's
 * end. It draws from its own random streams and event-id stream, so the order stories, their ids
 * and the delivery noise stay as they were.
 */
export function purchasingEvents(
  rng: Rng,
  ids: Rng,
  skus: readonly SimSku[],
  opts: {
    start: number;
    windowEnd: number;
    perDay: number;
    tag?: string;
    /** When a message due at t is sent (null: not in the day); see alongsideErp. */
    snap: (t: number) => number | null;
  },
): SimEvent[] {
  const log = new EventLog(ids);
  const at = (t: number): number | null => (t > opts.windowEnd ? null : opts.snap(Math.round(t)));
  const tz = WAREHOUSE.timezone;
  const day0 = localDate(opts.start, tz);
  const tag = opts.tag ? `-${opts.tag}` : '';
  let n = 0;
  for (let d = -HISTORY_DAYS; opts.start + d * DAY < opts.windowEnd; d++) {
    const day = addDays(day0, d);
    if (isWeekend(day)) continue;
    for (let i = 0; i < opts.perDay; i++) {
      const s = rng.pick(SUPPLIERS);
      const poNumber = `PUR${tag}-${String(++n).padStart(5, '0')}`;
      const planned = zonedTime(day, 9, tz) + rng.between(0, 7 * HOUR);
      const issuedAt = at(planned);
      if (issuedAt === null) continue;
      const expectedReceiptDate = localDate(issuedAt + s.leadTimeDays * DAY, 'UTC');
      const lines = Array.from({ length: rng.int(1, 3) }, (_, k) => ({
        lineNo: k + 1,
        sku: rng.pick(skus).sku,
        qty: rng.pick([10, 20, 50, 100, 200, 500]),
      }));
      const refs = {};
      log.add('erp.purchase-order.issued', ERP, issuedAt, refs, {
        poNumber,
        supplierId: s.id,
        supplierName: s.name,
        siteId: WAREHOUSE.id,
        issuedAt: new Date(issuedAt).toISOString(),
        lines,
        expectedReceiptDate,
        promisedLeadTimeDays: s.leadTimeDays,
      });
      // Slow suppliers sometimes never acknowledge at all.
      if (!(s.ackHours >= 40 && rng.chance(0.2))) {
        const ackAt = at(issuedAt + s.ackHours * rng.between(0.5, 1.6) * HOUR);
        if (ackAt !== null && ackAt >= issuedAt)
          log.add('erp.purchase-order.acknowledged', ERP, ackAt, refs, {
            poNumber,
            supplierId: s.id,
            acknowledgedAt: new Date(ackAt).toISOString(),
            status: rng.chance(0.1) ? 'accepted_with_changes' : 'accepted',
            confirmedReceiptDate: expectedReceiptDate,
          });
      }
      const late = rng.chance(s.late);
      const due =
        zonedTime(addBusinessDays(localDate(issuedAt, tz), 0), 10, tz) + s.leadTimeDays * DAY;
      const receivedAt = at(late ? due + rng.int(1, 4) * DAY : due - rng.between(0, 1.5) * DAY);
      const short = rng.chance(s.short);
      const receipt = lines.map((l) => {
        const qtyReceived =
          short && l.lineNo === 1 ? Math.floor(l.qty * rng.between(0.5, 0.9)) : l.qty;
        const qtyRejected = rng.chance(s.rejects * 3)
          ? Math.max(1, Math.round(qtyReceived * s.rejects))
          : 0;
        return {
          lineNo: l.lineNo,
          sku: l.sku,
          qtyReceived,
          qtyRejected,
          ...(qtyRejected > 0 ? { defectReason: rng.pick(DEFECTS) } : {}),
        };
      });
      if (receivedAt !== null && receivedAt > issuedAt)
        log.add('erp.purchase-order.received', ERP, receivedAt, refs, {
          poNumber,
          supplierId: s.id,
          receiptId: `GR-${poNumber}`,
          receivedAt: new Date(receivedAt).toISOString(),
          lines: receipt,
        });
    }
  }
  return log.events.map((e) => ({ ...e, seq: SEQ_BASE + e.seq }));
}

/**
 * Purchasing shares the ERP's feed: a purchasing message due in the window is sent with the ERP
 * message just before it (same instant), so it neither ends nor starts a silence of that feed
 * and the feed's outages, and the cases they open, stay as the order stories made them. Earlier
 * ones are history, sent as they are.
 */
export function alongsideErp(
  others: readonly SimEvent[],
  start: number,
): (t: number) => number | null {
  const erpTimes = others
    .filter((e) => e.event.sourceSystem === ERP && e.emitAt >= start)
    .map((e) => e.emitAt)
    .sort((a, b) => a - b);
  return (t) => {
    if (t < start) return t;
    let lo = 0;
    let hi = erpTimes.length - 1;
    let found: number | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (erpTimes[mid]! <= t) {
        found = erpTimes[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}
