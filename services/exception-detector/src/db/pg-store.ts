import { TOPIC, encodeEvent, type InventoryAdjusted } from '@forewarn/contracts';
import { enqueueOutbox } from '@forewarn/db';
import type pg from 'pg';
import { isOpen, type Case, type Decision } from '../domain/cases/case.js';
import { toCaseEvent, type CaseEvent } from '../domain/cases/to-contract.js';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';
import type { FeedState } from '../domain/rules/feed-rules.js';
import type { Cancel, TimerKind, TimerSpec } from '../domain/rules/signals.js';
import { subjectKey, type CaseType, type Subject } from '../domain/types.js';
import type { Store } from '../workflow/store.js';
import { crmJobsFor } from '../crm/crm-case.js';
import type { CrmTarget } from '../crm/targets.js';
import type { DetectorEnv } from '../config.js';
import * as cases from './cases.js';
import { recordCrmJobs } from './crm-sync.js';
import { saveFeeds } from './feeds.js';
import { holdingWrites, together } from './held-writes.js';
import * as notices from './notices.js';
import type { CitingKey, NoticeFact } from './notices.js';
import { recordScans, scansOf, type ScanFact } from './scans.js';
import * as timers from './timers.js';
import type { TimerCancel } from './timers.js';
import * as views from './views.js';

type Q = Pick<pg.ClientBase, 'query'>;

/** What a batch will touch, read ahead in one statement per kind. */
export interface BatchPlan {
  orders: readonly string[];
  shipments: readonly string[];
  /** Orders whose every shipment the batch reads. */
  shipmentsOf: readonly string[];
  skus: readonly string[];
  feeds: readonly string[];
  /** Subjects whose open cases the batch may decide on (their rows are locked). */
  subjects: readonly Subject[];
  /** What the batch's notices read: cases citing their events, and the cases they name. */
  notices: { citing: readonly CitingKey[]; caseIds: readonly string[] };
}

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

// PostgreSQL text and jsonb hold no U+0000, and jsonb no unpaired surrogate.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string): boolean =>
  text.includes(String.fromCharCode(0)) || LONE_SURROGATE.test(text);

/**
 * The error PostgreSQL would give the row's one-row write, raised at once: a row written back at
 * the end of the batch must not turn a failing event into a passing one because a later event
 * of the batch overwrote what the store refuses.
 */
export function checkStorable(row: object): void {
  JSON.stringify(row, (k, v: unknown) => {
    if (unstorable(k) || (typeof v === 'string' && unstorable(v)))
      throw new Error(
        `PostgreSQL cannot store ${JSON.stringify(k)}: U+0000 or an unpaired surrogate`,
      );
    return v;
  });
}

type TimerOp = { kind: 'schedule'; timer: TimerSpec } | ({ kind: 'cancel' } & TimerCancel);

const caseKey = (s: Subject, type: CaseType) => `${subjectKey(s)}\u0000${type}`;
const citingKey = (s: Subject, eventId: string) => `${subjectKey(s)}\u0000${eventId}`;
/** The order of casesCiting's rows: opened_at, then case_id (lower-case uuids sort as text). */
const byOpened = (a: Case, b: Case) =>
  Date.parse(a.openedAt) - Date.parse(b.openedAt) ||
  (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);
const byShipmentId = (a: ShipmentView, b: ShipmentView) =>
  a.shipmentId < b.shipmentId ? -1 : a.shipmentId > b.shipmentId ? 1 : 0;

/** Rows read once and written back once: undefined = not read yet, null = known absent. */
class Rows<V> {
  private readonly rows = new Map<string, V | null>();
  private readonly dirty = new Set<string>();
  get(k: string): V | null | undefined {
    return this.rows.get(k);
  }
  /** A row as read from the store; never overwrites what the batch already holds. */
  loaded(k: string, v: V | undefined): void {
    if (!this.rows.has(k)) this.rows.set(k, v ?? null);
  }
  set(k: string, v: V): void {
    checkStorable(v as object);
    this.rows.set(k, v);
    this.dirty.add(k);
  }
  values(): V[] {
    return [...this.rows.values()].filter((v): v is V => v !== null);
  }
  /** The rows written since the last call, once each. */
  takeDirty(): V[] {
    const out = [...this.dirty].flatMap((k) => this.rows.get(k) ?? []);
    this.dirty.clear();
    return out;
  }
}

/** Rows appended by the batch and written back at once: `take` empties the list. */
class Appended<V> {
  private rows: V[] = [];
  push(...v: V[]): void {
    this.rows.push(...v);
  }
  take(): V[] {
    const out = this.rows;
    this.rows = [];
    return out;
  }
}

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
  private readonly orders = new Rows<OrderView>();
  private readonly shipments = new Rows<ShipmentView>();
  private readonly skuRows = new Rows<SkuView>();
  private readonly feeds = new Rows<FeedState>();
  /** Orders whose shipments are all held. */
  private readonly shipmentsComplete = new Set<string>();
  /** Open case per (subject, type): null = none; subjects preloaded have every type known. */
  private readonly openCases = new Map<string, Case | null>();
  private readonly subjectsLoaded = new Set<string>();
  /**
   * Cases by id, as stored now: those read ahead for the batch's notices and every case the
   * batch saved (saves are written through, so this is what a read would return).
   */
  private readonly cases = new Map<string, Case>();
  /** Case ids read ahead: a miss among them is a case that does not exist. */
  private readonly caseIdsLoaded = new Set<string>();
  /** (subject, event) pairs whose citing cases were read ahead: all of them are in `cases`. */
  private readonly citingLoaded = new Set<string>();
  private readonly scans = new Appended<ScanFact>();
  private readonly shipped = new Appended<views.ShippedFact>();
  private readonly notices = new Appended<NoticeFact>();
  private readonly events = new Appended<CaseEvent>();
  private timerOps = new Map<string, TimerOp[]>();

  constructor(
    private readonly db: Q,
    private readonly crmTargets: readonly CrmTarget[],
  ) {}

  /** Views of one kind by id, read with the statement that reads a batch's ahead. */
  private async views<K extends keyof views.Views>(kind: K, ids: readonly string[]) {
    const none = { orders: [], shipmentsOf: [], shipments: [], skus: [], feeds: [] };
    return (await views.viewsOf(this.db, { ...none, [kind]: ids }))[kind];
  }

  /** A row the batch holds, else read once from the database. */
  private async read<V>(rows: Rows<V>, k: string, load: () => Promise<V[]>) {
    const held = rows.get(k);
    if (held !== undefined) return held ?? undefined;
    const v = (await load())[0];
    rows.loaded(k, v);
    return v;
  }

  async preload(plan: BatchPlan): Promise<void> {
    const fresh = (ids: readonly string[], held: (id: string) => boolean) => [
      ...new Set(ids.filter((id) => !held(id))),
    ];
    const orders = fresh(plan.orders, (k) => this.orders.get(k) !== undefined);
    const shipmentsOf = fresh(plan.shipmentsOf, (k) => this.shipmentsComplete.has(k));
    const subjects = [...new Map(plan.subjects.map((s) => [subjectKey(s), s])).entries()].filter(
      ([k]) => !this.subjectsLoaded.has(k),
    );
    // Every projection and feed state in one round trip; the open cases (locked) in another.
    const {
      orders: o,
      shipmentsOf: ofOrders,
      shipments: sh,
      skus: sk,
      feeds: fe,
    } = await views.viewsOf(this.db, {
      orders,
      shipmentsOf,
      shipments: fresh(plan.shipments, (k) => this.shipments.get(k) !== undefined),
      skus: fresh(plan.skus, (k) => this.skuRows.get(k) !== undefined),
      feeds: fresh(plan.feeds, (k) => this.feeds.get(k) !== undefined),
    });
    const open = await cases.openCases(
      this.db,
      subjects.map(([, { kind, id }]) => ({ kind, id })),
    );
    await this.preloadNoticeCases(plan.notices);
    const found = <V>(
      rows: Rows<V>,
      asked: readonly string[],
      got: readonly V[],
      id: (v: V) => string,
    ) => {
      for (const v of got) rows.loaded(id(v), v);
      for (const k of asked) rows.loaded(k, undefined);
    };
    for (const s of ofOrders) this.shipments.loaded(s.shipmentId, s);
    for (const k of shipmentsOf) this.shipmentsComplete.add(k);
    found(this.orders, orders, o, (v) => v.orderId);
    found(this.shipments, plan.shipments, sh, (v) => v.shipmentId);
    found(this.skuRows, plan.skus, sk, (v) => v.sku);
    found(this.feeds, plan.feeds, fe, (v) => v.sourceSystem);
    for (const [k] of subjects) this.subjectsLoaded.add(k);
    for (const c of open) this.openCases.set(caseKey(c.subject, c.caseType), c);
    // The pair is judged again for every shipment of those orders: their cases too.
    const more = [
      ...new Map(
        ofOrders.map((s) => [
          subjectKey({ kind: 'shipment', id: s.shipmentId }),
          { kind: 'shipment' as const, id: s.shipmentId },
        ]),
      ),
    ].filter(([k]) => !this.subjectsLoaded.has(k));
    if (more.length === 0) return;
    const shipmentCases = await cases.openCases(
      this.db,
      more.map(([, s]) => s),
    );
    for (const [k] of more) this.subjectsLoaded.add(k);
    for (const c of shipmentCases) this.openCases.set(caseKey(c.subject, c.caseType), c);
  }

  private async preloadNoticeCases(plan: BatchPlan['notices']): Promise<void> {
    const citing = [
      ...new Map(plan.citing.map((k) => [citingKey(k.subject, k.eventId), k])).entries(),
    ].filter(([k]) => !this.citingLoaded.has(k));
    const ids = [...new Set(plan.caseIds)].filter(
      (id) => !this.caseIdsLoaded.has(id) && !this.cases.has(id),
    );
    if (citing.length === 0 && ids.length === 0) return;
    const got = await notices.casesForNotices(
      this.db,
      citing.map(([, k]) => k),
      ids,
    );
    // A case the batch already holds is newer than the row (it was saved since it was read).
    for (const c of got) if (!this.cases.has(c.caseId)) this.cases.set(c.caseId, c);
    for (const id of ids) this.caseIdsLoaded.add(id);
    for (const [k] of citing) this.citingLoaded.add(k);
  }

  /** Runs one piece of work on the store and writes back what it changed. */
  async run<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const result = await work(this);
    await this.flush();
    return result;
  }

  /**
   * Writes back what the batch changed; call before the transaction commits. The writes (and
   * `alongside`'s, e.g. the consumer's progress) go as one statement: each touches a table of
   * its own, or distinct rows of it. A timer changed again goes after, a statement per change.
   */
  async flush(alongside?: () => Promise<void>): Promise<void> {
    const lists = [...this.timerOps.values()];
    this.timerOps = new Map();
    const db = this.db;
    await together(db, async () => {
      await views.saveOrders(db, this.orders.takeDirty());
      await views.saveShipments(db, this.shipments.takeDirty());
      await views.saveSkus(db, this.skuRows.takeDirty());
      await saveFeeds(db, this.feeds.takeDirty());
      await recordScans(db, this.scans.take());
      await views.recordShipped(db, this.shipped.take());
      await notices.recordNotices(db, this.notices.take());
      await this.timerRound(lists, 0);
      await this.emitNow(this.events.take());
      await alongside?.();
    });
    for (let i = 1; lists.some((l) => l.length > i); i++) await this.timerRound(lists, i);
  }

  private emitNow(events: readonly CaseEvent[]): Promise<void> {
    return enqueueOutbox(
      this.db,
      events.map((e) => ({
        eventId: e.eventId,
        topic: TOPIC.cases,
        key: e.payload.caseId,
        value: encodeEvent(e),
        causationId: e.causationId ?? null,
      })),
    );
  }

  /**
   * A timer changed several times in the batch replays its changes in order, each on the row
   * the one before left. Round i writes the i-th change of every timer at once (one statement
   * per kind of change): the timers of a round are distinct, so their rows do not interact.
   */
  private async timerRound(lists: readonly TimerOp[][], i: number): Promise<void> {
    const round = lists.flatMap((l) => l[i] ?? []);
    const db = this.db;
    await timers.scheduleTimers(
      db,
      round.flatMap((o) => (o.kind === 'schedule' ? [o.timer] : [])),
    );
    await timers.cancelTimers(
      db,
      round.flatMap((o) => (o.kind === 'cancel' ? [o] : [])),
    );
  }

  private async flushTimers(): Promise<void> {
    const lists = [...this.timerOps.values()];
    this.timerOps = new Map();
    for (let i = 0; lists.some((l) => l.length > i); i++) await this.timerRound(lists, i);
  }

  loadOrder(orderId: string): Promise<OrderView | undefined> {
    return this.read(this.orders, orderId, () => this.views('orders', [orderId]));
  }
  async saveOrder(view: OrderView): Promise<void> {
    this.orders.set(view.orderId, view);
  }
  loadShipment(shipmentId: string): Promise<ShipmentView | undefined> {
    return this.read(this.shipments, shipmentId, () => this.views('shipments', [shipmentId]));
  }
  async saveShipment(view: ShipmentView): Promise<void> {
    this.shipments.set(view.shipmentId, view);
  }
  async shipmentsOfOrder(orderId: string): Promise<ShipmentView[]> {
    if (!this.shipmentsComplete.has(orderId)) {
      await this.flush();
      const rows = (await this.views('shipmentsOf', [orderId])).sort(byShipmentId);
      for (const s of rows) this.shipments.loaded(s.shipmentId, s);
      this.shipmentsComplete.add(orderId);
      return rows;
    }
    return this.shipments
      .values()
      .filter((s) => s.orderId === orderId)
      .sort(byShipmentId);
  }
  async recordShipped(orderId: string, at: string): Promise<void> {
    this.shipped.push({ orderId, at });
  }
  async firstShippedAt(orderId: string): Promise<string | undefined> {
    await views.recordShipped(this.db, this.shipped.take());
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
    this.skuRows.set(view.sku, view);
  }
  async skus(skus: readonly string[]): Promise<SkuView[]> {
    const missing = skus.filter((s) => this.skuRows.get(s) === undefined);
    if (missing.length > 0) {
      const got = await this.views('skus', missing);
      for (const v of got) this.skuRows.loaded(v.sku, v);
      for (const s of missing) this.skuRows.loaded(s, undefined);
    }
    return [...new Set(skus)]
      .flatMap((s) => this.skuRows.get(s) ?? [])
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
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
    return this.read(this.feeds, sourceSystem, () => this.views('feeds', [sourceSystem]));
  }
  async saveFeed(state: FeedState): Promise<void> {
    this.feeds.set(state.sourceSystem, state);
  }

  async loadCase(caseId: string): Promise<Case | undefined> {
    const held = this.cases.get(caseId);
    if (held || this.caseIdsLoaded.has(caseId)) return held;
    return cases.loadCase(this.db, caseId, true);
  }
  async findOpenCase(subject: Subject, caseType: CaseType): Promise<Case | undefined> {
    const k = caseKey(subject, caseType);
    const sk = subjectKey(subject);
    // A subject the batch did not read ahead: its open cases of every type, as preload reads them.
    if (this.openCases.get(k) === undefined && !this.subjectsLoaded.has(sk)) {
      for (const c of await cases.openCases(this.db, [subject]))
        this.openCases.set(caseKey(c.subject, c.caseType), c);
      this.subjectsLoaded.add(sk);
    }
    return this.openCases.get(k) ?? undefined;
  }
  openCasesFor(subjects: readonly Subject[]): Promise<Case[]> {
    return cases.openCasesFor(this.db, subjects);
  }
  priorIncidents(customerId: string, caseType: CaseType, since: Date) {
    return cases.priorIncidents(this.db, customerId, caseType, since);
  }
  otherCasesBreached(customerId: string, caseId: string, since: Date) {
    return cases.otherCasesBreached(this.db, customerId, caseId, since);
  }
  async writeDecision(d: Decision, at: Date, causationId?: string): Promise<void> {
    const c = d.case;
    await cases.saveCase(this.db, c);
    this.cases.set(c.caseId, c);
    // One open case per (subject, type): the one saved, or none once it is closed.
    const k = caseKey(c.subject, c.caseType);
    if (isOpen(c)) this.openCases.set(k, c);
    else if (this.openCases.get(k)?.caseId === c.caseId) this.openCases.set(k, null);
    await cases.appendAudit(this.db, c.caseId, d.audit);
    for (const t of d.timers) {
      if (t.kind === 'schedule') await this.schedule(t.timer);
      else await this.cancel(t.timerId, at);
    }
    const events = d.emits.map((e, i) => toCaseEvent(c, e, i, at, causationId));
    for (const e of events) checkStorable(e);
    this.events.push(...events);
    const emitted = d.emits.map((e) => e.type);
    await recordCrmJobs(this.db, crmJobsFor(c, emitted, this.crmTargets), at);
    for (const e of d.emits)
      if (e.type === 'case.sla-breached')
        await cases.recordBreach(this.db, c.caseId, c.party.customerId, e.clock, at);
  }

  async recordNotice(notice: NoticeFact): Promise<void> {
    checkStorable(notice);
    this.notices.push(notice);
  }
  async firstNoticeFor(triggerEventId: string) {
    await notices.recordNotices(this.db, this.notices.take());
    return notices.firstNoticeFor(this.db, triggerEventId);
  }
  async casesCiting(subjects: readonly Subject[], eventId: string): Promise<Case[]> {
    if (!subjects.every((s) => this.citingLoaded.has(citingKey(s, eventId)))) {
      const keys = subjects.map((subject) => ({ subject, eventId }));
      return (await notices.casesForNotices(this.db, keys, [])).sort(byOpened);
    }
    const about = new Set(subjects.map(subjectKey));
    return [...this.cases.values()]
      .filter(
        (c) => about.has(subjectKey(c.subject)) && c.evidence.some((e) => e.eventId === eventId),
      )
      .sort(byOpened);
  }

  async recordScan(trackingNumber: string, at: string): Promise<void> {
    this.scans.push({ trackingNumber, at });
  }
  async scansOf(trackingNumbers: readonly string[]): Promise<string[]> {
    await recordScans(this.db, this.scans.take());
    return scansOf(this.db, trackingNumbers);
  }

  async schedule(timer: TimerSpec): Promise<void> {
    checkStorable(timer);
    this.timerOp(timer.timerId, { kind: 'schedule', timer });
  }
  async cancel(timerId: string, at: Date, opts: Pick<Cancel, 'asOf' | 'forget'> = {}) {
    this.timerOp(timerId, { kind: 'cancel', timerId, at, ...opts });
  }
  private timerOp(timerId: string, op: TimerOp): void {
    const ops = this.timerOps.get(timerId) ?? [];
    const last = ops[ops.length - 1];
    const merged =
      last?.kind === 'cancel' && op.kind === 'cancel' ? timers.mergeCancels(last, op) : null;
    this.timerOps.set(timerId, merged ? [...ops.slice(0, -1), merged] : [...ops, op]);
  }
  async timersOf(kind: TimerKind, subject: Subject, from: Date) {
    await this.flushTimers();
    return timers.timersOf(this.db, kind, subject, from);
  }
}
