import type { InventoryAdjusted } from '@forewarn/contracts';
import type { Case, Decision } from '../domain/cases/case.js';
import type { NoticeSent } from '../domain/cases/notified.js';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';
import type { FeedState } from '../domain/rules/feed-rules.js';
import type { Cancel, TimerKind, TimerSpec } from '../domain/rules/signals.js';
import type { CaseType, Subject } from '../domain/types.js';

/** Subject facts: the order, shipment and SKU views, ship-confirms and feed states. */
export interface SubjectFacts {
  loadOrder(orderId: string): Promise<OrderView | undefined>;
  saveOrder(view: OrderView): Promise<void>;
  loadShipment(shipmentId: string): Promise<ShipmentView | undefined>;
  saveShipment(view: ShipmentView): Promise<void>;
  shipmentsOfOrder(orderId: string): Promise<ShipmentView[]>;
  /** A ship-confirm as the WMS sent it: the earliest is kept. */
  recordShipped(orderId: string, at: string): Promise<void>;
  firstShippedAt(orderId: string): Promise<string | undefined>;
  ordersWithSku(sku: InventoryAdjusted['payload']['sku']): Promise<OrderView[]>;
  loadSku(sku: string): Promise<SkuView | undefined>;
  saveSku(view: SkuView): Promise<void>;
  /** The views of those SKUs the detector knows adjustments of. */
  skus(skus: readonly string[]): Promise<SkuView[]>;
  findOrderByPo(customerId: string, poNumber: string): Promise<OrderView | undefined>;
  findShipmentByTracking(trackingNumber: string): Promise<ShipmentView | undefined>;
  loadFeed(sourceSystem: string): Promise<FeedState | undefined>;
  saveFeed(state: FeedState): Promise<void>;
}

/** Cases: the case rows, their audit trail, SLA breaches, and what a case change sends out. */
export interface Cases {
  loadCase(caseId: string): Promise<Case | undefined>;
  findOpenCase(subject: Subject, caseType: CaseType): Promise<Case | undefined>;
  /** The open cases about those subjects, by opened-at; held for the transaction as found. */
  openCasesFor(subjects: readonly Subject[]): Promise<Case[]>;
  /** Cases of the customer and type opened since `since`, newest first. */
  priorIncidents(
    customerId: string,
    caseType: CaseType,
    since: Date,
  ): Promise<{ caseId: string; openedAt: string }[]>;
  /** Cases (any status) about the subjects that cite the event as evidence. */
  casesCiting(subjects: readonly Subject[], eventId: string): Promise<Case[]>;
  /**
   * A decision's effects: the case, its audit entries and timers, its SLA breaches, its events
   * (to the outbox of the same transaction) and the CRM sends this version of the case calls for.
   */
  writeDecision(d: Decision, at: Date, causationId?: string): Promise<void>;
  /** How many other cases of the customer breached an SLA since `since`. */
  otherCasesBreached(customerId: string, caseId: string, since: Date): Promise<number>;
}

/** Notices the notification service sent. */
export interface Notices {
  /** Keeps a sent notice, so a case opened after it still learns the customer was told. */
  recordNotice(notice: NoticeSent & { caseId?: string }): Promise<void>;
  firstNoticeFor(triggerEventId: string): Promise<NoticeSent | undefined>;
}

/** Carrier scans as the carriers sent them, the signal a reported silence is checked against. */
export interface Scans {
  /** A carrier scan as the carrier sent it (scan time), kept per tracking number. */
  recordScan(trackingNumber: string, at: string): Promise<void>;
  /** Every kept scan time of those tracking numbers, sorted. */
  scansOf(trackingNumbers: readonly string[]): Promise<string[]>;
}

/** Durable timers: deadlines armed, cancelled, and the history of those that fired. */
export interface Timers {
  schedule(timer: TimerSpec): Promise<void>;
  cancel(timerId: string, at: Date, opts?: Pick<Cancel, 'asOf' | 'forget'>): Promise<void>;
  /** Timers of one kind about one subject, armed or fired (not cancelled), due from `from` on. */
  timersOf(
    kind: TimerKind,
    subject: Subject,
    from: Date,
  ): Promise<(TimerSpec & { fired: boolean })[]>;
}

/**
 * What the workflow reads and writes, one interface per aggregate, in the transaction of the
 * message batch, timer or request being handled. Its one implementation is the unit of work on
 * PostgreSQL in db/pg-store.ts.
 */
export interface Store extends SubjectFacts, Cases, Notices, Scans, Timers {}
