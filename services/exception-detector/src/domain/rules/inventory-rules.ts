import type { InventoryAdjusted } from '@forewarn/contracts';
import { isShipped, type OrderView } from '../projection/order-view.js';
import { boostForTier, type TenantPolicy } from '../policy.js';
import { catalog } from './catalog.js';
import { partyOfOrder } from './party.js';
import { evidenceOf, type Signal } from './signals.js';

export interface InventoryRuleInput {
  event: InventoryAdjusted;
  /** Orders whose lines carry the adjusted SKU. */
  orders: readonly OrderView[];
  policy: TenantPolicy;
}

const CORRECTIONS = new Set(['found', 'correction', 'receipt_error']);

/** Cycle-count shortfalls on an allocated SKU open a mismatch; a positive correction clears it. */
export function inventoryRules({ event, orders, policy }: InventoryRuleInput): Signal[] {
  const p = event.payload;
  const affected = orders.filter(
    (o) => !isShipped(o) && o.lines.some((l) => l.sku === p.sku && l.allocatedQty > 0),
  );
  const shortfall =
    p.reason === 'cycle_count_mismatch' &&
    (p.delta < 0 ||
      (p.countedQty != null && p.expectedQty != null && p.countedQty < p.expectedQty));
  const corrected =
    p.delta > 0 && (CORRECTIONS.has(p.reason) || p.reason === 'cycle_count_mismatch');
  if (shortfall) {
    return affected.map((o) => ({
      kind: 'detect',
      caseType: 'inventory_mismatch',
      subject: { kind: 'order', id: o.orderId },
      priority: boostForTier(policy, catalog.inventory_mismatch!.severity, o.tier),
      queue: catalog.inventory_mismatch!.queue,
      title: `Cycle count short for ${p.sku}, allocated to ${o.orderId}`,
      explanation:
        `A cycle count at ${p.warehouseId}/${p.location} found ${p.countedQty ?? '?'} ${p.sku} where ${p.expectedQty ?? '?'} were expected ` +
        `(${p.delta}); ${o.orderId} has this SKU allocated and may not ship in full.`,
      evidence: evidenceOf(event, `Cycle count ${p.sku} at ${p.location}: delta ${p.delta}`),
      party: partyOfOrder(o),
      facts: { issue: 'none' },
    }));
  }
  if (corrected) {
    return orders.map((o) => ({
      kind: 'clear',
      caseType: 'inventory_mismatch',
      subject: { kind: 'order', id: o.orderId },
      reason: `stock of ${p.sku} corrected (+${p.delta}, ${p.reason})`,
      evidence: evidenceOf(event, `Stock correction ${p.sku} +${p.delta} (${p.reason})`),
    }));
  }
  return [];
}
