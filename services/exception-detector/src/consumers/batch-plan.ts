import type { ForewarnEvent } from '@forewarn/contracts';
import type { Subject } from '../domain/types.js';
import type { CitingKey } from '../db/notices.js';
import type { BatchPlan } from '../db/pg-store.js';
import { skusOf } from '../workflow/locks.js';
import { silencesFrom, type FeedMessage } from '../domain/rules/feed-rules.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What the rules will read for a batch's events (see workflow/engine.ts handleEvent): the orders
 * and shipments they name with their open cases, every shipment of an order whose event judges
 * the pair again, the SKUs of order lines and counts, the feeds of the source messages, and the
 * cases the notices (notification.sent) mark, and the silences the feeds' late sends may split.
 */
export function batchPlan(
  events: readonly ForewarnEvent[],
  feeds: readonly { source: string; messages: readonly FeedMessage[] }[],
): BatchPlan {
  const orders: string[] = [];
  const shipments: string[] = [];
  const shipmentsOf: string[] = [];
  const skus: string[] = [];
  const subjects: Subject[] = [];
  const citing: CitingKey[] = [];
  const caseIds: string[] = [];
  for (const e of events) {
    const p = e.payload as Record<string, unknown>;
    if (e.type === 'notification.sent') {
      // As workflow/notices.ts reads them: the cases citing the trigger, and the case named.
      const eventId = str(p['triggerEventId']);
      const shipment = str(p['shipmentId']);
      const order = str(p['orderId']);
      if (eventId && shipment)
        citing.push({ subject: { kind: 'shipment', id: shipment }, eventId });
      if (eventId && order) citing.push({ subject: { kind: 'order', id: order }, eventId });
      const caseId = str(p['caseId']);
      // An id that is no uuid is left to the event's own read (and its own failure).
      if (caseId && UUID.test(caseId)) caseIds.push(caseId);
      continue;
    }
    const orderId = str(p['orderId']);
    const shipmentId = str(p['shipmentId']);
    const isOrder = e.type.startsWith('order.');
    const isShipment = e.type.startsWith('shipment.');
    if (orderId && (isOrder || isShipment)) {
      orders.push(orderId);
      subjects.push({ kind: 'order', id: orderId });
    }
    if (orderId && isOrder) {
      shipmentsOf.push(orderId);
      skus.push(...skusOf(p));
    }
    if (shipmentId && isShipment) {
      shipments.push(shipmentId);
      subjects.push({ kind: 'shipment', id: shipmentId });
    }
    const sku = str(p['sku']);
    if (e.type === 'wms.inventory.adjusted' && sku) skus.push(sku);
  }
  for (const f of feeds) subjects.push({ kind: 'source_system', id: f.source });
  return {
    orders,
    shipments,
    shipmentsOf,
    skus,
    feeds: feeds.map((f) => f.source),
    silences: feeds.map((f) => ({ source: f.source, from: silencesFrom(f.messages) })),
    subjects,
    notices: { citing, caseIds },
  };
}
