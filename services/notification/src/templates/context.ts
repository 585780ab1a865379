import type { Trigger } from '../domain/triggers.js';
import type { TemplateContext } from './template-store.js';

/**
 * What a template sees: the trigger's data and references. `reference` is what every notice
 * quotes: the tracking number, else the PO, else the order id.
 */
export function templateContext(
  trigger: Trigger,
  extra: { customerName?: string; timeZone: string; trackingLink?: string },
): TemplateContext {
  return {
    ...trigger.data,
    customerName: extra.customerName ?? trigger.customerName ?? trigger.customerId,
    customerId: trigger.customerId,
    orderId: trigger.orderId ?? null,
    poNumber: trigger.poNumber ?? null,
    shipmentId: trigger.shipmentId ?? null,
    caseId: trigger.caseId ?? null,
    trackingReference: trigger.trackingReference ?? null,
    reference: trigger.trackingReference ?? trigger.poNumber ?? trigger.orderId ?? trigger.caseId,
    timeZone: extra.timeZone,
    // This contact's link to the order's tracking page, when the page is configured.
    trackingLink: extra.trackingLink ?? null,
  };
}
