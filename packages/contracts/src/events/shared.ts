import { bool, doc, enumOf, id, int, money, optional, record, str } from '../dsl/index.js';

/** Service tiers; SLA targets and routing differ per tier. */
export const customerTier = () =>
  enumOf('CustomerTier', ['enterprise', 'regional_reseller', 'retail']);

export const countryCode = () => doc(str({ pattern: /^[A-Z]{2}$/ }), 'ISO 3166-1 alpha-2');

export const address = () =>
  record('Address', {
    name: str({ min: 1 }),
    line1: str({ min: 1 }),
    line2: optional(str()),
    city: str({ min: 1 }),
    region: optional(str()),
    postalCode: str(),
    country: countryCode(),
  });

/** The one normalised carrier status taxonomy every carrier adapter maps into. */
export const TRACKING_STATUSES = [
  'info_received',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'delivery_attempt_failed',
  'available_for_pickup',
  'delivered',
  'exception',
] as const;

export const trackingStatus = () => enumOf('TrackingStatus', TRACKING_STATUSES);

export const exceptionReason = () =>
  enumOf('ExceptionReason', [
    'damaged',
    'lost',
    'address_problem',
    'refused',
    'customs_hold',
    'weather',
    'delay',
  ]);

export const scanLocation = () =>
  record('ScanLocation', {
    city: optional(str()),
    region: optional(str()),
    postalCode: optional(str()),
    country: optional(countryCode()),
    facility: optional(str()),
  });

export const orderLine = () =>
  record('OrderLine', {
    lineNo: int({ min: 1 }),
    sku: id(),
    description: optional(str()),
    qty: int({ min: 0 }),
    unitPrice: money(),
    critical: doc(
      bool(),
      'Critical SKU: a short or late line calls for replacement within 48-72 h',
    ),
  });

/** A quantity of one order line, as used by fulfilment, returns and deliveries. */
export const lineQty = () =>
  record('LineQty', { lineNo: int({ min: 1 }), sku: id(), qty: int({ min: 0 }) });

/** A line of a return; amount is the credit value of the line, when known. */
export const returnLine = () =>
  record('ReturnLine', {
    lineNo: int({ min: 1 }),
    sku: id(),
    qty: int({ min: 0 }),
    amount: optional(money()),
  });
