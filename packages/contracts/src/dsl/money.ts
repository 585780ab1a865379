import { record } from './record.js';
import { long, str } from './spec.js';

/** ISO 4217 alphabetic code, e.g. USD, EUR. */
export function currency() {
  return str({ pattern: /^[A-Z]{3}$/ });
}

/**
 * An amount in the currency's minor unit (cents), so sums and comparisons of invoice and order
 * totals are exact; floating-point money would make "invoice differs from order" flaky.
 */
export function money() {
  return record(
    'Money',
    { amountMinor: long(), currency: currency() },
    'Amount in minor units of an ISO 4217 currency',
  );
}
