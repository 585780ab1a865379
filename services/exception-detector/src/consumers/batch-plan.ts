import type { ForewarnEvent } from '@forewarn/contracts';
import type { Subject } from '../domain/types.js';
import type { BatchPlan } from '../workflow/batch-store.js';
import type { TenantKey } from '../workflow/bulk-store.js';
import { skusOf } from '../workflow/locks.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * What the rules will read for a batch's events (see workflow/engine.ts handleEvent): the orders
 * and shipments they name with their open cases, every shipment of an order whose event judges
 * the pair again, the SKUs of order lines and counts, and the feeds of the source messages.
 */
export function batchPlan(
  events: readonly ForewarnEvent[],
  feeds: readonly { tenantId: string; source: string }[],
): BatchPlan {
  const orders: TenantKey[] = [];
  const shipments: TenantKey[] = [];
  const shipmentsOf: TenantKey[] = [];
  const skus: TenantKey[] = [];
  const subjects: (Subject & { tenantId: string })[] = [];
  for (const e of events) {
    const tenantId = e.tenantId;
    const p = e.payload as Record<string, unknown>;
    const orderId = str(p['orderId']);
    const shipmentId = str(p['shipmentId']);
    const isOrder = e.type.startsWith('order.');
    const isShipment = e.type.startsWith('shipment.');
    if (orderId && (isOrder || isShipment)) {
      orders.push({ tenantId, id: orderId });
      subjects.push({ tenantId, kind: 'order', id: orderId });
    }
    if (orderId && isOrder) {
      shipmentsOf.push({ tenantId, id: orderId });
      skus.push(...skusOf(p).map((id) => ({ tenantId, id })));
    }
    if (shipmentId && isShipment) {
      shipments.push({ tenantId, id: shipmentId });
      subjects.push({ tenantId, kind: 'shipment', id: shipmentId });
    }
    const sku = str(p['sku']);
    if (e.type === 'wms.inventory.adjusted' && sku) skus.push({ tenantId, id: sku });
  }
  for (const f of feeds)
    subjects.push({ tenantId: f.tenantId, kind: 'source_system', id: f.source });
  return {
    orders,
    shipments,
    shipmentsOf,
    skus,
    feeds: feeds.map((f) => ({ tenantId: f.tenantId, id: f.source })),
    subjects,
  };
}
