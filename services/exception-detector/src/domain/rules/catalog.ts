import type { RemedyFacts } from '../remedy/remedy-policy.js';
import type { CaseType, Priority } from '../types.js';

/** One row of the exception catalog (PRODUCT.md): what triggers it, who owns it, what clears it. */
export interface CatalogEntry {
  caseType: CaseType;
  trigger: string;
  severity: Priority;
  queue: string;
  autoResolve: string;
  issue: RemedyFacts['issue'];
}

const entries: CatalogEntry[] = [
  {
    caseType: 'late_shipment_risk',
    trigger:
      "the ship-by instant passes (the promised ship date at the site's cut-off, or the instant the order states) without ship-confirm",
    severity: 'normal',
    queue: 'fulfilment',
    autoResolve: 'order shipped (or cancelled)',
    issue: 'late',
  },
  {
    caseType: 'short_pick_backorder',
    trigger: 'WMS short pick or ERP backorder on any line',
    severity: 'normal',
    queue: 'fulfilment',
    autoResolve: 'every line filled again (shortQty 0); CSR resolves as customer_accepted',
    issue: 'product',
  },
  {
    caseType: 'inventory_mismatch',
    trigger:
      'allocated in ERP but short-picked in WMS, or cycle-count shortfall on a SKU allocated to an open order',
    severity: 'normal',
    queue: 'inventory',
    autoResolve: 'positive stock correction (found, correction, receipt_error) for the SKU',
    issue: 'none',
  },
  {
    caseType: 'carrier_delay',
    trigger: 'carrier ETA later than the promised delivery date (local date)',
    severity: 'normal',
    queue: 'transportation',
    autoResolve: "every parcel's latest ETA within the promise, or delivered",
    issue: 'late',
  },
  {
    caseType: 'stalled_shipment',
    trigger:
      'no carrier scan for 24 h domestic / 72 h international while moving (durable timer, or the shipment service says so)',
    severity: 'normal',
    queue: 'transportation',
    autoResolve: 'next carrier scan, or delivered',
    issue: 'late',
  },
  {
    caseType: 'carrier_exception',
    trigger:
      'carrier exception: damaged, lost, address problem, refused, customs hold, or a failed delivery attempt',
    severity: 'normal',
    queue: 'transportation',
    autoResolve: 'a later in-transit/out-for-delivery scan or delivery (damaged: CSR only)',
    issue: 'product',
  },
  {
    caseType: 'delivered_late_or_short',
    trigger: 'delivered after the promised date, or delivered qty below shipped qty',
    severity: 'high',
    queue: 'customer_care',
    autoResolve: 'none: closed by a CSR with the remedy',
    issue: 'late',
  },
  {
    caseType: 'invoice_discrepancy',
    trigger: 'invoice lines or totals differ from ordered/shipped quantities and prices',
    severity: 'low',
    queue: 'billing',
    autoResolve: 'a corrected invoice without discrepancies',
    issue: 'billing',
  },
  {
    caseType: 'returns_overdue',
    trigger: 'return received and not credited within 7 calendar days (durable timer)',
    severity: 'normal',
    queue: 'returns',
    autoResolve: 'return credited',
    issue: 'returns',
  },
  {
    caseType: 'chronic_breach',
    trigger: 'same customer and failure mode 2+ times in 30 days, or 3+ SLA breaches in 30 days',
    severity: 'high',
    queue: 'account_management',
    autoResolve: 'none: root-cause analysis required',
    issue: 'chronic',
  },
  {
    caseType: 'source_feed_stalled',
    trigger: 'a source system sends nothing for N minutes during its active hours (durable timer)',
    severity: 'critical',
    queue: 'integration',
    autoResolve: 'events flow again',
    issue: 'none',
  },
];

export const catalog: Readonly<Record<string, CatalogEntry>> = Object.fromEntries(
  entries.map((e) => [e.caseType, e]),
);

export const catalogEntries: readonly CatalogEntry[] = entries;

/** The catalog entry of a proactive case type; customer request types have none. */
export function entryFor(caseType: CaseType): CatalogEntry | undefined {
  return catalog[caseType];
}
