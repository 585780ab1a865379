import type { ForewarnEvent } from '@forewarn/contracts';

/**
 * What a piece of work must hold while it reads and decides, so two consumer instances (or the
 * consumer and the timer poller) never decide on half of each other's writes: an order with its
 * shipments, a customer (repeat incidents), a SKU (stock against allocations), a source feed.
 */
export const lockKey = {
  order: (orderId: string) => `order:${orderId}`,
  customer: (customerId: string) => `customer:${customerId}`,
  sku: (sku: string) => `sku:${sku}`,
  feed: (source: string) => `feed:${source}`,
};

type Payload = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The SKUs an order event names (its lines, or its one line). */
export function skusOf(p: Payload): string[] {
  const lines = Array.isArray(p['lines']) ? (p['lines'] as Payload[]) : [];
  const line = p['line'] as Payload | undefined;
  return [...lines, ...(line ? [line] : [])].flatMap((l) => str(l['sku']) ?? []);
}

/**
 * The keys one event needs. `customerOfOrder` supplies the customer of an order the event names
 * without naming the customer (shipment events), when the detector already knows that order.
 */
export function keysOf(
  event: ForewarnEvent,
  customerOfOrder: (orderId: string) => string | undefined,
): string[] {
  const p = event.payload as Payload;
  const keys: string[] = [];
  if (!event.sourceSystem.startsWith('forewarn:')) keys.push(lockKey.feed(event.sourceSystem));
  if (event.type === 'wms.inventory.adjusted' && str(p['sku']))
    keys.push(lockKey.sku(str(p['sku'])!));
  if (/^(order|shipment|notification)\.|^wms\.shipment\.confirmed$/.test(event.type)) {
    const orderId = str(p['orderId']);
    const customerId = str(p['customerId']) ?? (orderId ? customerOfOrder(orderId) : undefined);
    if (orderId) keys.push(lockKey.order(orderId));
    if (customerId) keys.push(lockKey.customer(customerId));
    if (event.type.startsWith('order.')) keys.push(...skusOf(p).map((s) => lockKey.sku(s)));
  }
  return keys;
}
