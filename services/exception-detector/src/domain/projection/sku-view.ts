import type { InventoryAdjusted } from '@forewarn/contracts';

/** One stock adjustment the inventory rule cares about. */
export interface Adjustment {
  eventId: string;
  occurredAt: string;
  warehouseId: string;
  location: string;
  delta: number;
  reason: string;
  countedQty?: number;
  expectedQty?: number;
}

/** What the detector knows of a SKU's stock: counts that came up short, and corrections. */
export interface SkuView {
  sku: string;
  shortfalls: Adjustment[];
  corrections: Adjustment[];
}

const KEEP = 20;
const CORRECTIONS = new Set(['found', 'correction', 'receipt_error', 'cycle_count_mismatch']);

export function isShortfall(p: InventoryAdjusted['payload']): boolean {
  return (
    p.reason === 'cycle_count_mismatch' &&
    (p.delta < 0 || (p.countedQty != null && p.expectedQty != null && p.countedQty < p.expectedQty))
  );
}

export const isCorrection = (p: InventoryAdjusted['payload']): boolean =>
  p.delta > 0 && CORRECTIONS.has(p.reason);

function add(list: readonly Adjustment[], a: Adjustment): Adjustment[] {
  if (list.some((x) => x.eventId === a.eventId)) return [...list];
  return [...list, a]
    .sort(
      (x, y) =>
        Date.parse(x.occurredAt) - Date.parse(y.occurredAt) || x.eventId.localeCompare(y.eventId),
    )
    .slice(-KEEP);
}

/** Adds a shortfall or a correction; both are kept, so their arrival order does not matter. */
export function evolveSku(
  view: SkuView | undefined,
  event: InventoryAdjusted,
): SkuView | undefined {
  const p = event.payload;
  const shortfall = isShortfall(p);
  if (!shortfall && !isCorrection(p)) return view;
  const base: SkuView = view ?? {
    sku: p.sku,
    shortfalls: [],
    corrections: [],
  };
  const a: Adjustment = {
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    warehouseId: p.warehouseId,
    location: p.location,
    delta: p.delta,
    reason: p.reason,
    ...(p.countedQty != null ? { countedQty: p.countedQty } : {}),
    ...(p.expectedQty != null ? { expectedQty: p.expectedQty } : {}),
  };
  return shortfall
    ? { ...base, shortfalls: add(base.shortfalls, a) }
    : { ...base, corrections: add(base.corrections, a) };
}

/** The correction that ended a shortfall: the first one at or after it. */
export const correctionOf = (v: SkuView, s: Adjustment): Adjustment | undefined =>
  v.corrections.find((c) => Date.parse(c.occurredAt) >= Date.parse(s.occurredAt));
