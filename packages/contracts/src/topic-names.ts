/** Topic names, unprefixed. Source topics mirror the systems that publish them; domain topics are ours. */
export const TOPIC = {
  erpOrders: 'source.erp.orders',
  erpInvoices: 'source.erp.invoices',
  erpReturns: 'source.erp.returns',
  erpPurchasing: 'source.erp.purchasing',
  wmsFulfilment: 'source.wms.fulfilment',
  wmsInventory: 'source.wms.inventory',
  carrierTracking: 'source.carrier.tracking',
  orders: 'domain.orders',
  shipments: 'domain.shipments',
  cases: 'domain.cases',
  notifications: 'domain.notifications',
} as const;

export type TopicKey = keyof typeof TOPIC;
export type TopicName = (typeof TOPIC)[TopicKey];

/** Prepends a deployment's or a test's prefix (which carries its own separator, e.g. `t.abc.`). */
export function prefixed(prefix: string, name: string): string {
  return `${prefix}${name}`;
}

/** Where a consumer group parks messages it cannot process; pass the group id without prefix. */
export function deadLetterTopic(groupId: string): string {
  return `dlq.${groupId}`;
}
