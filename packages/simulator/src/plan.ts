import type { SimConfig } from './config.js';
import type { SimCustomer } from './master-data.js';
import type { Rng } from './prng.js';

/** What goes wrong with one order of the main day (one injection per order keeps truth exact). */
export type OrderInjection =
  | 'late_shipment'
  | 'short_pick'
  | 'backorder'
  | 'inventory_mismatch'
  | 'carrier_delay'
  | 'stalled_shipment'
  | 'carrier_exception'
  | 'delivered_late'
  | 'delivered_short'
  | 'invoice_discrepancy';

const RATE_OF: Record<OrderInjection, keyof SimConfig['rates']> = {
  late_shipment: 'lateShipment',
  short_pick: 'shortPick',
  backorder: 'backorder',
  inventory_mismatch: 'inventoryMismatch',
  carrier_delay: 'carrierDelay',
  stalled_shipment: 'stalledShipment',
  carrier_exception: 'carrierException',
  delivered_late: 'deliveredLate',
  delivered_short: 'deliveredShort',
  invoice_discrepancy: 'invoiceDiscrepancy',
};

export const ORDER_INJECTIONS = Object.keys(RATE_OF) as OrderInjection[];

/** Exact count for a rate: round(rate × n), at least one when the rate is positive. */
export function countFor(rate: number, n: number): number {
  return rate > 0 ? Math.max(1, Math.round(rate * n)) : 0;
}

export interface OrderPlan {
  index: number;
  customer: SimCustomer;
  /** Local date (distributor zone) the order is entered on. */
  day: string;
  injection?: OrderInjection;
}

/**
 * Assigns injections to distinct orders of the main day, then gives chronic customers two
 * orders with the same injection so the repeat-incident rule has something to find.
 */
export function planMainDay(
  rng: Rng,
  config: SimConfig,
  customers: readonly SimCustomer[],
  day: string,
): { plans: OrderPlan[]; chronicCustomerIds: Set<string> } {
  const plans: OrderPlan[] = Array.from({ length: config.orders }, (_, index) => ({
    index,
    customer: rng.pick(customers),
    day,
  }));
  const slots = rng.shuffle(plans.map((p) => p.index));
  let next = 0;
  for (const injection of ORDER_INJECTIONS) {
    const n = countFor(config.rates[RATE_OF[injection]], config.orders);
    for (let i = 0; i < n && next < slots.length; i++) {
      const plan = plans[slots[next++] as number];
      if (plan) plan.injection = injection;
    }
  }
  const chronic = rng.shuffle(customers).slice(0, config.chronicCustomers);
  const chronicCustomerIds = new Set<string>();
  for (const customer of chronic) {
    const withTwo = ORDER_INJECTIONS.filter(
      (inj) => plans.filter((p) => p.injection === inj).length >= 2,
    );
    if (withTwo.length === 0) break;
    const injection = rng.pick(withTwo);
    const targets = rng.shuffle(plans.filter((p) => p.injection === injection)).slice(0, 2);
    for (const t of targets) t.customer = customer;
    chronicCustomerIds.add(customer.customerId);
  }
  return { plans, chronicCustomerIds };
}
