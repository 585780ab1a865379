import type { InventoryAdjusted } from '@forewarn/contracts';
import type pg from 'pg';
import type { Case, Decision } from '../domain/cases/case.js';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';
import type { FeedState } from '../domain/rules/feed-rules.js';
import {
  timerId as timerIdOf,
  type Cancel,
  type TimerKind,
  type TimerSpec,
} from '../domain/rules/signals.js';
import { subjectKey, type CaseType, type Subject } from '../domain/types.js';
import type { Store } from '../workflow/store.js';
import type { CrmTarget } from '../crm/targets.js';
import type { DetectorEnv } from '../config.js';
import { BatchRows, byOpened, caseKey, checkStorable, citingKey } from './batch-rows.js';
import * as cases from './cases.js';
import { holdingWrites } from './held-writes.js';
import * as notices from './notices.js';
import type { NoticeFact } from './notices.js';
import {
  preload,
  readOpenCases,
  readRow,
  readShipmentsOf,
  readSkus,
  viewsOfKind,
  type BatchPlan,
} from './preload.js';
import { recordScans, scansOf } from './scans.js';
import * as timers from './timers.js';
import * as views from './views.js';
import { flush, flushTimers, timerOp, writeDecision } from './write-back.js';

export type { BatchPlan } from './preload.js';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * The store of one transaction's client. What it holds goes back with `flush`, which the caller
 * runs last, before the transaction commits.
 */
export type StoreOf = (db: Q) => PgStore;

export const detectorStoreOf =
  (config: Pick<DetectorEnv, 'CRM_TARGETS'>): StoreOf =>
  (db) =>
    pgStore(db, config.CRM_TARGETS);

/**
 * The workflow's store on one PostgreSQL transaction: every write commits with the inbox marker,
 * the outbox rows and CRM sync jobs included. A client already holding writes (the consumer's)
 * is used as it is, so what the caller writes alongside the write-back joins its statement.
 */
export const pgStore = (client: Q, crmTargets: readonly CrmTarget[]): PgStore =>
  new PgStore(holdingWrites(client), crmTargets);

/**
 * The Store as a unit of work on one transaction's client: the projections, feed states and
 * open cases a batch needs are read ahead with one statement per kind (`preload`); reads are
 * then answered from memory and the projections, feeds, scans, ship-confirms, notices, timers
 * and case events it writes go back as one statement (`flush`, before the transaction commits).
 * Cases, audit, breaches and CRM jobs are written through, as they are rare next to events. A
 * read the batch cannot answer from memory (a search over a table it holds writes for) writes
 * back first, so every read sees what an event applied alone would have seen.
 */
export class PgStore implements Store {
  private readonly held = new BatchRows();

  constructor(
    private readonly db: Q,
    private readonly crmTargets: readonly CrmTarget[],
  ) {}

  /** Reads ahead what the batch will touch (preload.ts). */
  preload(plan: BatchPlan): Promise<void> {
    return preload(this.db, this.held, plan);
  }

  /** Runs one piece of work on the store and writes back what it changed. */
  async run<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const result = await work(this);
    await this.flush();
    return result;
  }

  /** Writes back what the batch changed (write-back.ts); call before the transaction commits. */
  flush(alongside?: () => Promise<void>): Promise<void> {
    return flush(this.db, this.held, alongside);
  }

  loadOrder(orderId: string): Promise<OrderView | undefined> {
    return readRow(this.held.orders, orderId, () => viewsOfKind(this.db, 'orders', [orderId]));
  }
  async saveOrder(view: OrderView): Promise<void> {
    this.held.orders.set(view.orderId, view);
  }
  loadShipment(shipmentId: string): Promise<ShipmentView | undefined> {
    return readRow(this.held.shipments, shipmentId, () =>
      viewsOfKind(this.db, 'shipments', [shipmentId]),
    );
  }
  async saveShipment(view: ShipmentView): Promise<void> {
    this.held.shipments.set(view.shipmentId, view);
  }
  async shipmentsOfOrder(orderId: string): Promise<ShipmentView[]> {
    if (!this.held.shipmentsComplete.has(orderId)) await this.flush();
    return readShipmentsOf(this.db, this.held, orderId);
  }
  async recordShipped(orderId: string, at: string): Promise<void> {
    this.held.shipped.push({ orderId, at });
  }
  async firstShippedAt(orderId: string): Promise<string | undefined> {
    await views.recordShipped(this.db, this.held.shipped.take());
    return views.firstShippedAt(this.db, orderId);
  }
  async ordersWithSku(sku: InventoryAdjusted['payload']['sku']): Promise<OrderView[]> {
    await this.flush();
    return views.ordersWithSku(this.db, sku);
  }
  async loadSku(sku: string): Promise<SkuView | undefined> {
    return (await this.skus([sku]))[0];
  }
  async saveSku(view: SkuView): Promise<void> {
    this.held.skuRows.set(view.sku, view);
  }
  skus(skus: readonly string[]): Promise<SkuView[]> {
    return readSkus(this.db, this.held, skus);
  }
  async findOrderByPo(customerId: string, poNumber: string) {
    await this.flush();
    return views.findOrderByPo(this.db, customerId, poNumber);
  }
  async findShipmentByTracking(trackingNumber: string) {
    await this.flush();
    return views.findShipmentByTracking(this.db, trackingNumber);
  }
  loadFeed(sourceSystem: string): Promise<FeedState | undefined> {
    return readRow(this.held.feeds, sourceSystem, () =>
      viewsOfKind(this.db, 'feeds', [sourceSystem]),
    );
  }
  async saveFeed(state: FeedState): Promise<void> {
    this.held.feeds.set(state.sourceSystem, state);
  }

  async loadCase(caseId: string): Promise<Case | undefined> {
    const held = this.held.cases.get(caseId);
    if (held || this.held.caseIdsLoaded.has(caseId)) return held;
    return cases.loadCase(this.db, caseId, true);
  }
  async findOpenCase(subject: Subject, caseType: CaseType): Promise<Case | undefined> {
    const k = caseKey(subject, caseType);
    // A subject the batch did not read ahead: its open cases of every type, as preload reads them.
    if (this.held.openCases.get(k) === undefined)
      await readOpenCases(this.db, this.held, [subject]);
    return this.held.openCases.get(k) ?? undefined;
  }
  openCasesFor(subjects: readonly Subject[]): Promise<Case[]> {
    return readOpenCases(this.db, this.held, subjects);
  }
  priorIncidents(customerId: string, caseType: CaseType, since: Date) {
    return cases.priorIncidents(this.db, customerId, caseType, since);
  }
  otherCasesBreached(customerId: string, caseId: string, since: Date) {
    return cases.otherCasesBreached(this.db, customerId, caseId, since);
  }
  writeDecision(d: Decision, at: Date, causationId?: string): Promise<void> {
    return writeDecision(this.db, this.held, this.crmTargets, { d, at, causationId });
  }

  async recordNotice(notice: NoticeFact): Promise<void> {
    checkStorable(notice);
    this.held.notices.push(notice);
  }
  async firstNoticeFor(triggerEventId: string) {
    await notices.recordNotices(this.db, this.held.notices.take());
    return notices.firstNoticeFor(this.db, triggerEventId);
  }
  async casesCiting(subjects: readonly Subject[], eventId: string): Promise<Case[]> {
    if (!subjects.every((s) => this.held.citingLoaded.has(citingKey(s, eventId)))) {
      const keys = subjects.map((subject) => ({ subject, eventId }));
      return (await notices.casesForNotices(this.db, keys, [])).sort(byOpened);
    }
    const about = new Set(subjects.map(subjectKey));
    return [...this.held.cases.values()]
      .filter(
        (c) => about.has(subjectKey(c.subject)) && c.evidence.some((e) => e.eventId === eventId),
      )
      .sort(byOpened);
  }

  async recordScan(trackingNumber: string, at: string): Promise<void> {
    this.held.scans.push({ trackingNumber, at });
  }
  async scansOf(trackingNumbers: readonly string[]): Promise<string[]> {
    await recordScans(this.db, this.held.scans.take());
    return scansOf(this.db, trackingNumbers);
  }

  async schedule(timer: TimerSpec): Promise<void> {
    checkStorable(timer);
    timerOp(this.held, timer.timerId, { kind: 'schedule', timer });
  }
  async cancel(timerId: string, at: Date, opts: Pick<Cancel, 'asOf' | 'forget'> = {}) {
    timerOp(this.held, timerId, { kind: 'cancel', timerId, at, ...opts });
  }
  async timersOf(kind: TimerKind, subject: Subject, from: Date) {
    const ahead = kind === 'feed_stalled' ? this.held.silences.get(subject.id) : undefined;
    // Read ahead for this window, and no timer of the feed changed since: as the store holds it.
    if (
      ahead?.from === from.toISOString() &&
      subject.kind === 'source_system' &&
      ![...this.held.timersChanged].some((id) => id.startsWith(timerIdOf(kind, subject.id, '')))
    )
      return ahead.timers;
    await flushTimers(this.db, this.held);
    return timers.timersOf(this.db, kind, subject, from);
  }
}
