import type { InventoryAdjusted } from '@forewarn/contracts';
import { isOpen, type AuditEntry, type Case, type CaseEmit } from '../domain/cases/case.js';
import type { NoticeSent } from '../domain/cases/notified.js';
import type { CaseEvent } from '../domain/cases/to-contract.js';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';
import type { FeedState } from '../domain/rules/feed-rules.js';
import type { Cancel, TimerKind, TimerSpec } from '../domain/rules/signals.js';
import { subjectKey, type CaseType, type SlaClock, type Subject } from '../domain/types.js';
import type {
  BulkStore,
  CitingKey,
  NoticeFact,
  ScanFact,
  ShippedFact,
  TimerCancel,
} from './bulk-store.js';
import type { Backing, Store } from './store.js';

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

type TimerOp = { kind: 'schedule'; timer: TimerSpec } | ({ kind: 'cancel' } & TimerCancel);

const caseKey = (s: Subject, type: CaseType) => `${subjectKey(s)}\u0000${type}`;
const citingKey = (s: Subject, eventId: string) => `${subjectKey(s)}\u0000${eventId}`;
/** The order of casesCiting's rows: opened_at, then case_id (lower-case uuids sort as text). */
const byOpened = (a: Case, b: Case) =>
  Date.parse(a.openedAt) - Date.parse(b.openedAt) ||
  (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);
const byShipmentId = (a: ShipmentView, b: ShipmentView) =>
  a.shipmentId < b.shipmentId ? -1 : a.shipmentId > b.shipmentId ? 1 : 0;

/**
 * Two cancels of a timer in a row as one, when that is exact: a forget deletes an unfired row
 * whatever a cancel did to it before or does after; two cancels at the same instant cancel if
 * either would, i.e. as the one with the earlier `asOf` (none counting as earliest).
 */
export function mergeCancels<C extends TimerCancel>(a: C, b: C): C | null {
  if (a.forget || b.forget) return { ...b, forget: true };
  if (a.at.getTime() !== b.at.getTime()) return null;
  if (a.asOf === undefined || b.asOf === undefined) {
    const { asOf, ...rest } = b;
    void asOf;
    return rest as C;
  }
  return Date.parse(a.asOf) <= Date.parse(b.asOf) ? { ...b, asOf: a.asOf } : b;
}

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

/**
 * A unit of work over the store of one batch's transaction: the projections, feed states and
 * open cases a batch needs are read ahead with one statement per kind (`preload`); reads are
 * then answered from memory and the projections, feeds, scans, ship-confirms, notices, timers
 * and case events it writes go back with one statement per kind (`flush`, before the
 * transaction commits). Cases, audit, breaches and CRM jobs are written through, as they are
 * rare next to events. A read the batch cannot answer from memory (a search over a table it holds
 * writes for) flushes first, so every read sees what the per-event store would have seen.
 */
export class BatchStore implements Store {
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
  private scans: ScanFact[] = [];
  private shipped: ShippedFact[] = [];
  private notices: NoticeFact[] = [];
  private timerOps = new Map<string, TimerOp[]>();
  private events: CaseEvent[] = [];

  constructor(
    private readonly inner: Backing,
    private readonly bulk: BulkStore,
  ) {}

  /** A row the batch holds, else read once from the store. */
  private async read<V>(rows: Rows<V>, k: string, load: () => Promise<V | undefined>) {
    const held = rows.get(k);
    if (held !== undefined) return held ?? undefined;
    const v = await load();
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
    } = await this.bulk.views({
      orders,
      shipmentsOf,
      shipments: fresh(plan.shipments, (k) => this.shipments.get(k) !== undefined),
      skus: fresh(plan.skus, (k) => this.skuRows.get(k) !== undefined),
      feeds: fresh(plan.feeds, (k) => this.feeds.get(k) !== undefined),
    });
    const cases = await this.bulk.openCases(subjects.map(([, { kind, id }]) => ({ kind, id })));
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
    for (const c of cases) this.openCases.set(caseKey(c.subject, c.caseType), c);
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
    const shipmentCases = await this.bulk.openCases(more.map(([, s]) => s));
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
    const got = await this.bulk.noticeCases(
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
    await this.bulk.together(async () => {
      await this.bulk.saveOrders(this.orders.takeDirty());
      await this.bulk.saveShipments(this.shipments.takeDirty());
      await this.bulk.saveSkus(this.skuRows.takeDirty());
      await this.bulk.saveFeeds(this.feeds.takeDirty());
      await this.flushScans();
      await this.flushShipped();
      await this.flushNotices();
      await this.timerRound(lists, 0);
      const events = this.events;
      this.events = [];
      await this.inner.emit(events);
      await alongside?.();
    });
    for (let i = 1; lists.some((l) => l.length > i); i++) await this.timerRound(lists, i);
  }

  private async flushScans(): Promise<void> {
    const scans = this.scans;
    this.scans = [];
    await this.bulk.recordScans(scans);
  }

  private async flushNotices(): Promise<void> {
    const notices = this.notices;
    this.notices = [];
    await this.bulk.recordNotices(notices);
  }

  private async flushShipped(): Promise<void> {
    const shipped = this.shipped;
    this.shipped = [];
    await this.bulk.recordShipped(shipped);
  }

  /**
   * A timer changed several times in the batch replays its changes in order, each on the row
   * the one before left. Round i writes the i-th change of every timer at once (one statement
   * per kind of change): the timers of a round are distinct, so their rows do not interact.
   */
  private async timerRound(lists: readonly TimerOp[][], i: number): Promise<void> {
    const round = lists.flatMap((l) => l[i] ?? []);
    await this.bulk.schedule(round.flatMap((o) => (o.kind === 'schedule' ? [o.timer] : [])));
    await this.bulk.cancel(round.flatMap((o) => (o.kind === 'cancel' ? [o] : [])));
  }

  private async flushTimers(): Promise<void> {
    const lists = [...this.timerOps.values()];
    this.timerOps = new Map();
    for (let i = 0; lists.some((l) => l.length > i); i++) await this.timerRound(lists, i);
  }

  loadOrder(orderId: string): Promise<OrderView | undefined> {
    return this.read(this.orders, orderId, async () => (await this.bulk.orders([orderId]))[0]);
  }
  async saveOrder(view: OrderView): Promise<void> {
    this.bulk.check(view);
    this.orders.set(view.orderId, view);
  }
  loadShipment(shipmentId: string): Promise<ShipmentView | undefined> {
    return this.read(
      this.shipments,
      shipmentId,
      async () => (await this.bulk.shipments([shipmentId]))[0],
    );
  }
  async saveShipment(view: ShipmentView): Promise<void> {
    this.bulk.check(view);
    this.shipments.set(view.shipmentId, view);
  }
  async shipmentsOfOrder(orderId: string): Promise<ShipmentView[]> {
    const k = orderId;
    if (!this.shipmentsComplete.has(k)) {
      await this.flush();
      const rows = await this.bulk.shipmentsOfOrders([orderId]);
      for (const s of rows) this.shipments.loaded(s.shipmentId, s);
      this.shipmentsComplete.add(k);
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
    await this.flushShipped();
    return this.inner.firstShippedAt(orderId);
  }
  async ordersWithSku(sku: InventoryAdjusted['payload']['sku']): Promise<OrderView[]> {
    await this.flush();
    return this.inner.ordersWithSku(sku);
  }
  async loadSku(sku: string): Promise<SkuView | undefined> {
    return (await this.skus([sku]))[0];
  }
  async saveSku(view: SkuView): Promise<void> {
    this.bulk.check(view);
    this.skuRows.set(view.sku, view);
  }
  async skus(skus: readonly string[]): Promise<SkuView[]> {
    const missing = skus.filter((s) => this.skuRows.get(s) === undefined);
    if (missing.length > 0) {
      const got = await this.bulk.skus(missing);
      for (const v of got) this.skuRows.loaded(v.sku, v);
      for (const s of missing) this.skuRows.loaded(s, undefined);
    }
    return [...new Set(skus)]
      .flatMap((s) => this.skuRows.get(s) ?? [])
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  }
  async findOrderByPo(customerId: string, poNumber: string) {
    await this.flush();
    return this.inner.findOrderByPo(customerId, poNumber);
  }
  async findShipmentByTracking(trackingNumber: string) {
    await this.flush();
    return this.inner.findShipmentByTracking(trackingNumber);
  }

  async loadCase(caseId: string): Promise<Case | undefined> {
    const held = this.cases.get(caseId);
    if (held || this.caseIdsLoaded.has(caseId)) return held;
    return this.inner.loadCase(caseId);
  }
  async findOpenCase(subject: Subject, caseType: CaseType): Promise<Case | undefined> {
    const k = caseKey(subject, caseType);
    const held = this.openCases.get(k);
    if (held !== undefined) return held ?? undefined;
    if (this.subjectsLoaded.has(subjectKey(subject))) return undefined;
    const c = await this.inner.findOpenCase(subject, caseType);
    this.openCases.set(k, c ?? null);
    return c;
  }
  openCasesFor(subjects: readonly Subject[]): Promise<Case[]> {
    return this.inner.openCasesFor(subjects);
  }
  priorIncidents(customerId: string, caseType: CaseType, since: Date) {
    return this.inner.priorIncidents(customerId, caseType, since);
  }
  async saveCase(c: Case): Promise<void> {
    await this.inner.saveCase(c);
    this.cases.set(c.caseId, c);
    // One open case per (subject, type): the one saved, or none once it is closed.
    const k = caseKey(c.subject, c.caseType);
    if (isOpen(c)) this.openCases.set(k, c);
    else if (this.openCases.get(k)?.caseId === c.caseId) this.openCases.set(k, null);
  }
  appendAudit(caseId: string, entries: readonly AuditEntry[]): Promise<void> {
    return this.inner.appendAudit(caseId, entries);
  }
  recordBreach(caseId: string, customerId: string | undefined, clock: SlaClock, at: Date) {
    return this.inner.recordBreach(caseId, customerId, clock, at);
  }
  otherCasesBreached(customerId: string, caseId: string, since: Date) {
    return this.inner.otherCasesBreached(customerId, caseId, since);
  }
  async recordNotice(notice: NoticeSent & { caseId?: string }): Promise<void> {
    this.bulk.check(notice);
    this.notices.push(notice);
  }
  async firstNoticeFor(triggerEventId: string) {
    await this.flushNotices();
    return this.inner.firstNoticeFor(triggerEventId);
  }
  async casesCiting(subjects: readonly Subject[], eventId: string): Promise<Case[]> {
    if (!subjects.every((s) => this.citingLoaded.has(citingKey(s, eventId))))
      return this.inner.casesCiting(subjects, eventId);
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
    await this.flushScans();
    return this.inner.scansOf(trackingNumbers);
  }
  loadFeed(sourceSystem: string): Promise<FeedState | undefined> {
    return this.read(
      this.feeds,
      sourceSystem,
      async () => (await this.bulk.feeds([sourceSystem]))[0],
    );
  }
  async saveFeed(state: FeedState): Promise<void> {
    this.bulk.check(state);
    this.feeds.set(state.sourceSystem, state);
  }

  async schedule(timer: TimerSpec): Promise<void> {
    this.bulk.check(timer);
    this.timerOp(timer.timerId, { kind: 'schedule', timer });
  }
  async cancel(timerId: string, at: Date, opts: Pick<Cancel, 'asOf' | 'forget'> = {}) {
    this.timerOp(timerId, { kind: 'cancel', timerId, at, ...opts });
  }
  private timerOp(timerId: string, op: TimerOp): void {
    const ops = this.timerOps.get(timerId) ?? [];
    const last = ops[ops.length - 1];
    const merged = last?.kind === 'cancel' && op.kind === 'cancel' ? mergeCancels(last, op) : null;
    this.timerOps.set(timerId, merged ? [...ops.slice(0, -1), merged] : [...ops, op]);
  }
  async timersOf(kind: TimerKind, subject: Subject, from: Date) {
    await this.flushTimers();
    return this.inner.timersOf(kind, subject, from);
  }
  async emit(events: readonly CaseEvent[]): Promise<void> {
    for (const e of events) this.bulk.check(e);
    this.events.push(...events);
  }
  syncCrm(c: Case, emits: readonly CaseEmit['type'][], at: Date): Promise<void> {
    return this.inner.syncCrm(c, emits, at);
  }
}
