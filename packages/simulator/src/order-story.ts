import { carrierFor, servicesFor } from './carriers.js';
import type { Refs } from './event-log.js';
import type { NewEntry } from './ground-truth.js';
import { invoiceStory } from './invoice-story.js';
import type { SimCustomer, SimSku } from './master-data.js';
import {
  carrierStory,
  type CarrierExceptionVariant,
  type CarrierTwist,
  type Parcel,
} from './parcel-story.js';
import type { OrderInjection } from './plan.js';
import type { Rng } from './prng.js';
import { HOUR, MINUTE, addBusinessDays, iso, localDate, zonedTime } from './time.js';
import {
  WAREHOUSE,
  WAREHOUSE_CUT_OFF_HOUR,
  siteOf,
  ERP,
  WMS,
  warehouseTime,
  type StoryContext,
} from './story-context.js';

export interface OrderStoryInput {
  orderNo: number;
  customer: SimCustomer;
  day: string;
  injection?: OrderInjection;
  /** Background orders get ordinary noise (changes, holds, cancellations); injected ones do not. */
  allowNoise: boolean;
}

export interface OrderOutcome {
  orderId: string;
  poNumber: string;
  customer: SimCustomer;
  createdAt: number;
  cancelled: boolean;
  shipmentId?: string;
  trackingNumbers: string[];
  lines: { lineNo: number; sku: string; qty: number; unitPriceMinor: number }[];
  shippedAt?: number;
  deliveredAt?: number;
  findings: NewEntry[];
}

interface Line {
  lineNo: number;
  sku: string;
  description: string;
  qty: number;
  unitPriceMinor: number;
  critical: boolean;
}

function pickLines(rng: Rng, skus: readonly SimSku[]): Line[] {
  const chosen = rng.shuffle(skus).slice(
    0,
    rng.weighted([
      [1, 3],
      [2, 4],
      [3, 3],
      [4, 2],
      [5, 1],
    ] as const),
  );
  return chosen.map((s, i) => ({
    lineNo: i + 1,
    sku: s.sku,
    description: s.description,
    qty:
      s.unitPriceMinor > 20_000
        ? rng.int(1, 4)
        : s.unitPriceMinor > 1_000
          ? rng.int(2, 24)
          : rng.int(20, 500),
    unitPriceMinor: s.unitPriceMinor,
    critical: s.critical,
  }));
}

export function orderStory(ctx: StoryContext, input: OrderStoryInput): OrderOutcome {
  const { log, rng } = ctx;
  const { customer, injection } = input;
  const tz = WAREHOUSE.timezone;
  const n = String(100_000 + input.orderNo);
  const site = siteOf(input.orderNo);
  const orderId = `SO-${ctx.tag}${n}`;
  const poNumber = `PO-${customer.customerId.slice(2)}-${n}`;
  const createdAt = zonedTime(input.day, rng.between(8, 17), tz);
  const lines = pickLines(rng, ctx.skus);
  if (injection === 'inventory_mismatch') {
    // A slow mover only this order holds, so the mismatch has exactly one affected order.
    lines.push({
      lineNo: lines.length + 1,
      sku: `SKU-SPARE-${ctx.tag}${n}`,
      description: 'Spare kit',
      qty: rng.int(2, 6),
      unitPriceMinor: rng.int(1_500, 9_000),
      critical: false,
    });
  }
  const refs: Refs = { customerId: customer.customerId, orderId, poNumber };
  const promisedShipDate = addBusinessDays(input.day, 1);
  // The warehouse's carrier pickup: what has not left by 17:00 local on the promised day is late.
  const shipDeadline = zonedTime(promisedShipDate, WAREHOUSE_CUT_OFF_HOUR, tz);
  const findings: NewEntry[] = [];
  const base = {
    customerId: customer.customerId,
    orderId,
    subject: { kind: 'order' as const, id: orderId },
    deliberate: true,
  };
  const outcome: OrderOutcome = {
    orderId,
    poNumber,
    customer,
    createdAt,
    cancelled: false,
    trackingNumbers: [],
    lines,
    findings,
  };
  const noise =
    input.allowNoise && !injection
      ? rng.weighted([
          ['none', 94],
          ['changed', 3],
          ['hold', 2],
          ['cancel', 1],
        ] as const)
      : 'none';

  let t = createdAt + rng.between(2 * MINUTE, 4 * MINUTE);
  const orderPayload = (promisedDeliveryDate: string, ls: readonly Line[] = lines) => ({
    orderId,
    customerId: customer.customerId,
    customerName: customer.name,
    customerTier: customer.tier,
    ...(customer.accountRepId ? { accountRepId: customer.accountRepId } : {}),
    poNumber,
    shipTo: customer.shipTo,
    currency: 'USD',
    lines: ls.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      description: l.description,
      qty: l.qty,
      unitPrice: { amountMinor: l.unitPriceMinor, currency: 'USD' },
      critical: l.critical,
    })),
    orderedAt: iso(createdAt),
    requestedShipDate: promisedShipDate,
    promisedShipDate,
    promisedDeliveryDate,
    region: WAREHOUSE.region,
    timezone: tz,
  });
  // The ERP record is written once the promise is known; we build the shipment first and emit it after.
  const emitOrder: ((promisedDeliveryDate: string) => void)[] = [];
  const asEntered = lines.map((l) => ({ ...l }));
  emitOrder.push((pdd) =>
    log.add('erp.order.created', ERP, createdAt, refs, orderPayload(pdd, asEntered)),
  );
  if (noise === 'changed') {
    const changedAt = t;
    rng.pick(lines).qty += rng.int(1, 10);
    emitOrder.push((pdd) =>
      log.add('erp.order.changed', ERP, changedAt, refs, {
        ...orderPayload(pdd),
        changeReason: 'customer added quantity',
      }),
    );
    t += rng.between(MINUTE, 3 * MINUTE);
  }
  if (noise === 'hold') {
    const placed = t;
    t += rng.between(20 * MINUTE, 60 * MINUTE);
    const released = t;
    emitOrder.push(() => {
      log.add('erp.credit-hold.placed', ERP, placed, refs, {
        orderId,
        customerId: customer.customerId,
        reason: 'credit limit exceeded',
      });
      log.add('erp.credit-hold.released', ERP, released, refs, {
        orderId,
        customerId: customer.customerId,
        note: 'payment received',
      });
    });
  }
  const allocatedAt = t + rng.between(2 * MINUTE, 8 * MINUTE);
  let readyAt = allocatedAt;
  const allocation = (backordered?: Line) => ({
    orderId,
    lines: lines.map((l) => {
      const short = l === backordered ? Math.ceil(l.qty / 2) : 0;
      return {
        lineNo: l.lineNo,
        sku: l.sku,
        orderedQty: l.qty,
        allocatedQty: l.qty - short,
        backorderedQty: short,
        ...(short ? { expectedAvailableDate: promisedShipDate } : {}),
      };
    }),
  });
  if (noise === 'cancel') {
    emitOrder.push(() => {
      log.add('erp.allocation.updated', ERP, allocatedAt, refs, allocation());
      log.add(
        'erp.order.cancelled',
        ERP,
        allocatedAt + rng.between(30 * MINUTE, 90 * MINUTE),
        refs,
        { orderId, customerId: customer.customerId, reason: 'customer request' },
      );
    });
    emitOrder.forEach((emit) => emit(addBusinessDays(promisedShipDate, 3)));
    return { ...outcome, cancelled: true };
  }
  if (injection === 'backorder') {
    const line = rng.pick(lines);
    const filledAt = allocatedAt + rng.between(2 * HOUR, 6 * HOUR);
    readyAt = filledAt;
    emitOrder.push(() => {
      const ev = log.add('erp.allocation.updated', ERP, allocatedAt, refs, allocation(line));
      log.add('erp.allocation.updated', ERP, filledAt, refs, allocation());
      findings.push({
        ...base,
        exceptionType: 'short_pick_backorder',
        variant: 'backorder',
        injectedAt: allocatedAt,
        detectableBy: allocatedAt,
        evidenceEventId: ev.eventId,
        note: `line ${line.lineNo} ${line.sku} backordered, filled ${iso(filledAt)}`,
      });
    });
  } else {
    emitOrder.push(() => log.add('erp.allocation.updated', ERP, allocatedAt, refs, allocation()));
  }
  if (injection === 'inventory_mismatch') {
    const line = lines[lines.length - 1] as Line;
    const countAt = allocatedAt + rng.between(10 * MINUTE, 40 * MINUTE);
    const correctedAt = countAt + rng.between(HOUR, 3 * HOUR);
    readyAt = correctedAt;
    const expectedQty = line.qty + rng.int(0, 3);
    const countedQty = rng.int(0, line.qty - 1);
    const ev = log.add(
      'wms.inventory.adjusted',
      WMS,
      countAt,
      {},
      {
        sku: line.sku,
        warehouseId: site,
        location: `S-${rng.int(10, 99)}-0${rng.int(1, 4)}`,
        delta: countedQty - expectedQty,
        onHandAfter: countedQty,
        reason: 'cycle_count_mismatch',
        expectedQty,
        countedQty,
      },
    );
    log.add(
      'wms.inventory.adjusted',
      WMS,
      correctedAt,
      {},
      {
        sku: line.sku,
        warehouseId: site,
        location: 'S-RECOUNT',
        delta: expectedQty - countedQty,
        onHandAfter: expectedQty,
        reason: 'correction',
      },
    );
    findings.push({
      ...base,
      exceptionType: 'inventory_mismatch',
      variant: 'cycle_count_mismatch',
      injectedAt: countAt,
      detectableBy: countAt,
      evidenceEventId: ev.eventId,
      note: `${line.sku} counted ${countedQty}, expected ${expectedQty}, ${line.qty} allocated; corrected ${iso(correctedAt)}`,
    });
  }

  const waveAt = warehouseTime(rng, readyAt + rng.between(30 * MINUTE, 3 * HOUR));
  const waveId = `WAVE-${ctx.tag}${localDate(waveAt, tz).replaceAll('-', '')}-${Math.floor(waveAt / HOUR) % 24}`;
  const lineQtys = lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, qty: l.qty }));
  log.add('wms.wave.released', WMS, waveAt, refs, {
    waveId,
    orderId,
    warehouseId: site,
    lines: lineQtys,
  });
  let pickedAt = waveAt + rng.between(40 * MINUTE, 2 * HOUR);
  const shortLine = injection === 'short_pick' ? rng.pick(lines) : undefined;
  const pick = log.add('wms.pick.completed', WMS, pickedAt, refs, {
    orderId,
    warehouseId: site,
    waveId,
    lines: lines.map((l) => {
      const short = l === shortLine ? Math.ceil(l.qty / 3) : 0;
      return {
        lineNo: l.lineNo,
        sku: l.sku,
        requestedQty: l.qty,
        pickedQty: l.qty - short,
        shortQty: short,
        ...(short ? { shortReason: 'no_stock' as const } : {}),
        location: `A-${String(rng.int(1, 40)).padStart(2, '0')}-0${rng.int(1, 5)}`,
      };
    }),
  });
  if (shortLine) {
    findings.push({
      ...base,
      exceptionType: 'short_pick_backorder',
      variant: 'short_pick',
      injectedAt: pickedAt,
      detectableBy: pickedAt,
      evidenceEventId: pick.eventId,
      note: `line ${shortLine.lineNo} ${shortLine.sku} short ${Math.ceil(shortLine.qty / 3)}, filled by replenishment`,
    });
    pickedAt += rng.between(90 * MINUTE, 4 * HOUR);
    log.add('wms.pick.completed', WMS, pickedAt, refs, {
      orderId,
      warehouseId: site,
      waveId,
      lines: [
        {
          lineNo: shortLine.lineNo,
          sku: shortLine.sku,
          requestedQty: shortLine.qty,
          pickedQty: shortLine.qty,
          shortQty: 0,
          location: 'REPLEN-01',
        },
      ],
    });
  }

  const packedAt = pickedAt + rng.between(20 * MINUTE, HOUR);
  const carrier = carrierFor(rng, customer);
  const service = rng.pick(servicesFor(carrier, customer));
  const cartonCount = Math.min(
    lines.length,
    rng.weighted([
      [1, 6],
      [2, 3],
      [3, 1],
    ] as const),
  );
  const parcels: Parcel[] = Array.from({ length: cartonCount }, () => ({
    trackingNumber: carrier.trackingNumber(rng),
    lines: [],
  }));
  lineQtys.forEach((l, i) => parcels[i % cartonCount]?.lines.push(l));
  const cartons = parcels.map((p, i) => ({
    cartonId: `CTN-${ctx.tag}${n}-${i + 1}`,
    trackingNumber: p.trackingNumber,
    weightGrams: rng.int(800, 28_000),
    lines: p.lines,
  }));
  log.add('wms.pack.completed', WMS, packedAt, refs, {
    orderId,
    warehouseId: site,
    cartons,
  });

  const shippedAt =
    injection === 'late_shipment'
      ? shipDeadline + rng.between(6 * HOUR, 30 * HOUR)
      : Math.min(packedAt + rng.between(30 * MINUTE, 3 * HOUR), shipDeadline - 30 * MINUTE);
  if (injection === 'late_shipment') {
    findings.push({
      ...base,
      exceptionType: 'late_shipment_risk',
      variant: 'no_ship_confirm',
      injectedAt: shipDeadline,
      detectableBy: shipDeadline,
      note: `promised ship ${promisedShipDate}, shipped ${iso(shippedAt)}`,
    });
  }
  const shipmentId = `SHP-${ctx.tag}${n}`;
  const trackingNumbers = parcels.map((p) => p.trackingNumber);
  const shipRefs = { ...refs, shipmentId, trackingNumbers };
  const freightMinor = cartonCount * rng.int(1_200, 4_500) + (customer.international ? 8_000 : 0);
  log.add('wms.shipment.confirmed', WMS, shippedAt, shipRefs, {
    shipmentId,
    orderId,
    warehouseId: site,
    carrier: carrier.code,
    serviceLevel: service.level,
    trackingNumbers,
    cartons,
    freightCost: { amountMinor: freightMinor, currency: 'USD' },
    shippedAt: iso(shippedAt),
    international: customer.international,
  });

  const twist = carrierTwist(rng, injection, customer, parcels);
  const carried = carrierStory(
    log,
    rng,
    {
      shipmentId,
      orderId,
      poNumber,
      customer,
      carrier,
      transitDays: service.transitDays,
      parcels,
      shippedAt,
      orderTimezone: tz,
    },
    twist,
    customer.international
      ? ctx.thresholds.stalledInternationalHours
      : ctx.thresholds.stalledDomesticHours,
  );
  findings.push(...carried.findings);
  emitOrder.forEach((emit) => emit(carried.promisedDeliveryDate));

  findings.push(
    ...invoiceStory(log, rng, {
      orderId,
      customerId: customer.customerId,
      tier: customer.tier,
      invoiceId: `INV-${ctx.tag}${n}`,
      lines: lines.map((l) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        qty: l.qty,
        unitPriceMinor: l.unitPriceMinor,
      })),
      freightMinor,
      issuedAt: shippedAt + rng.between(HOUR, 4 * HOUR),
      timezone: tz,
      refs: shipRefs,
      discrepancy: injection === 'invoice_discrepancy',
    }),
  );
  return { ...outcome, shipmentId, trackingNumbers, shippedAt, deliveredAt: carried.deliveredAt };
}

function carrierTwist(
  rng: Rng,
  injection: OrderInjection | undefined,
  customer: SimCustomer,
  parcels: Parcel[],
): CarrierTwist {
  switch (injection) {
    case 'carrier_delay':
      return { kind: 'carrier_delay' };
    case 'stalled_shipment':
      return { kind: 'stalled' };
    case 'delivered_late':
      return { kind: 'delivered_late' };
    case 'carrier_exception': {
      const variants: CarrierExceptionVariant[] = [
        'damaged',
        'lost',
        'address_problem',
        'refused',
        'delivery_attempt_failed',
      ];
      if (customer.international) variants.push('customs_hold', 'customs_hold');
      return { kind: 'exception', variant: rng.pick(variants) };
    }
    case 'delivered_short': {
      const parcel = rng.pick(parcels);
      const line = rng.pick(parcel.lines);
      return {
        kind: 'delivered_short',
        trackingNumber: parcel.trackingNumber,
        lineNo: line.lineNo,
        sku: line.sku,
        qty: line.qty,
      };
    }
    default:
      return { kind: 'none' };
  }
}
