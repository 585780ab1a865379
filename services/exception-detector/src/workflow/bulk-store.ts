import type { Case } from '../domain/cases/case.js';
import type { NoticeSent } from '../domain/cases/notified.js';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';
import type { FeedState } from '../domain/rules/feed-rules.js';
import type { Cancel, TimerSpec } from '../domain/rules/signals.js';
import type { Subject } from '../domain/types.js';

export interface ScanFact {
  trackingNumber: string;
  at: string;
}

export interface ShippedFact {
  orderId: string;
  at: string;
}

export type NoticeFact = NoticeSent & { caseId?: string };

/** A subject and an event that cases about it may cite. */
export interface CitingKey {
  subject: Subject;
  eventId: string;
}

export type TimerCancel = Pick<Cancel, 'timerId' | 'asOf' | 'forget'> & { at: Date };

/**
 * The Store's reads and writes over many rows at once: one statement each in PostgreSQL. A write
 * keeps the per-row semantics of the Store even when a row repeats within one call.
 */
/** The projections and feed states a batch reads ahead, by kind. */
export interface ViewKeys {
  orders: readonly string[];
  /** Orders whose every shipment is read. */
  shipmentsOf: readonly string[];
  shipments: readonly string[];
  skus: readonly string[];
  feeds: readonly string[];
}

export interface Views {
  orders: OrderView[];
  shipmentsOf: ShipmentView[];
  shipments: ShipmentView[];
  skus: SkuView[];
  feeds: FeedState[];
}

export interface BulkStore {
  /** The reads below of each kind at once, in one statement. */
  views(keys: ViewKeys): Promise<Views>;
  orders(ids: readonly string[]): Promise<OrderView[]>;
  shipments(ids: readonly string[]): Promise<ShipmentView[]>;
  /** Every shipment of those orders. */
  shipmentsOfOrders(ids: readonly string[]): Promise<ShipmentView[]>;
  skus(ids: readonly string[]): Promise<SkuView[]>;
  feeds(ids: readonly string[]): Promise<FeedState[]>;
  /** The open cases about those subjects, locked for the transaction. */
  openCases(subjects: readonly Subject[]): Promise<Case[]>;
  /**
   * Cases (open or not) about each subject that cite its event as evidence, and cases by id:
   * what the batch's notices read (workflow/notices.ts), locked for the transaction.
   */
  noticeCases(citing: readonly CitingKey[], caseIds: readonly string[]): Promise<Case[]>;
  saveOrders(views: readonly OrderView[]): Promise<void>;
  saveShipments(views: readonly ShipmentView[]): Promise<void>;
  saveSkus(views: readonly SkuView[]): Promise<void>;
  saveFeeds(states: readonly FeedState[]): Promise<void>;
  recordScans(scans: readonly ScanFact[]): Promise<void>;
  recordShipped(facts: readonly ShippedFact[]): Promise<void>;
  recordNotices(notices: readonly NoticeFact[]): Promise<void>;
  /**
   * Throws if the row could not be written (as its one-row write would have, at once): a row
   * written back at the end of the batch must not turn a failing event into a passing one
   * because a later event of the batch overwrote what the store refuses.
   */
  check(row: object): void;
  /**
   * Runs `work` with the writes it makes (through this store and the Backing) sent together,
   * as one statement, when it returns; nested calls join the outer one.
   */
  together(work: () => Promise<void>): Promise<void>;
  /** Timers with distinct ids. */
  schedule(timers: readonly TimerSpec[]): Promise<void>;
  /** Cancels of distinct timers. */
  cancel(cancels: readonly TimerCancel[]): Promise<void>;
}
