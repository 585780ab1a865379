/** Delivery channels, in the names the contracts use. */
export const CHANNELS = ['email', 'sms', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/** One template per kind of notice; a template set per language holds one file for each. */
export const TEMPLATE_KEYS = [
  'order.confirmed',
  'order.backorder',
  'shipment.shipped',
  'shipment.out_for_delivery',
  'shipment.delayed',
  'shipment.back_on_track',
  'exception.notice',
  'shipment.delivered',
  'case.update',
  'request.received',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** Kinds that tell the customer something went wrong: they get the exception channels too. */
export const EXCEPTION_TEMPLATES: readonly TemplateKey[] = [
  'order.backorder',
  'shipment.delayed',
  'exception.notice',
];

export type CustomerTier = 'enterprise' | 'regional_reseller' | 'retail';
export type DeliveryMode = 'immediate' | 'digest';
