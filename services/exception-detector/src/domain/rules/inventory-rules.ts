import type { OrderView } from '../projection/order-view.js';
import { correctionOf, type Adjustment, type SkuView } from '../projection/sku-view.js';
import { boostForTier, type DetectorPolicy } from '../policy.js';
import type { Evidence } from '../types.js';
import { catalog } from './catalog.js';
import { partyOfOrder } from './party.js';
import type { Signal } from './signals.js';

const evidenceOf = (a: Adjustment, summary: string): Evidence => ({
  eventId: a.eventId,
  type: 'wms.inventory.adjusted',
  occurredAt: a.occurredAt,
  summary,
});

/** Whether the order held stock of the SKU while the shortfall stood, before it shipped. */
function affected(o: OrderView, sku: string, s: Adjustment, corrected?: Adjustment): boolean {
  const since = o.allocatedSince?.[sku];
  if (since === undefined) return false;
  const until = corrected ? Date.parse(corrected.occurredAt) : Infinity;
  const shippedBefore =
    o.shippedAt !== undefined && Date.parse(o.shippedAt) <= Date.parse(s.occurredAt);
  return Date.parse(since) < until && !shippedBefore;
}

/**
 * Inventory mismatch: a cycle count came up short on a SKU allocated to an open order; a
 * correction of the stock resolves it. Judged over the SKU's adjustments and the order's
 * allocations together, whenever either changes, so it does not matter whether the count or
 * the allocation reached the detector first. (A short pick alone is a short-pick case: the
 * stock may be on another shelf, and the replenishment usually proves it.)
 */
export function inventoryRules(sku: SkuView, order: OrderView, policy: DetectorPolicy): Signal[] {
  const signals: Signal[] = [];
  const subject = { kind: 'order' as const, id: order.orderId };
  for (const s of sku.shortfalls) {
    const corrected = correctionOf(sku, s);
    if (!affected(order, sku.sku, s, corrected)) continue;
    signals.push({
      kind: 'detect',
      caseType: 'inventory_mismatch',
      subject,
      priority: boostForTier(policy, catalog.inventory_mismatch!.severity, order.tier),
      queue: catalog.inventory_mismatch!.queue,
      title: `Cycle count short for ${sku.sku}, allocated to ${order.orderId}`,
      explanation:
        `A cycle count at ${s.warehouseId}/${s.location} found ${s.countedQty ?? '?'} ${sku.sku} where ${s.expectedQty ?? '?'} were expected ` +
        `(${s.delta}); ${order.orderId} has this SKU allocated and may not ship in full.`,
      evidence: evidenceOf(s, `Cycle count ${sku.sku} at ${s.location}: delta ${s.delta}`),
      party: partyOfOrder(order),
      facts: { issue: 'none' },
    });
    if (corrected) {
      signals.push({
        kind: 'clear',
        caseType: 'inventory_mismatch',
        subject,
        reason: `stock of ${sku.sku} corrected (+${corrected.delta}, ${corrected.reason})`,
        onlyCiting: s.eventId,
        evidence: evidenceOf(
          corrected,
          `Stock correction ${sku.sku} +${corrected.delta} (${corrected.reason})`,
        ),
      });
    }
  }
  return signals;
}
