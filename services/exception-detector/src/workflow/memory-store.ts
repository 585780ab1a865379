import type { AuditEntry, Case, CaseEmit } from '../domain/cases/case.js';
import { isOpen } from '../domain/cases/case.js';
import type { NoticeSent } from '../domain/cases/notified.js';
import type { CaseEvent } from '../domain/cases/to-contract.js';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';
import type { FeedState } from '../domain/rules/feed-rules.js';
import type { Cancel, TimerKind, TimerSpec } from '../domain/rules/signals.js';
import { subjectKey } from '../domain/types.js';
import type { Store } from './store.js';
import { isAbsence } from '../domain/rules/signals.js';

interface TimerRow {
  timer: TimerSpec;
  firedAt?: string;
  cancelledAt?: string;
}

/** The Store in memory, with the same timer semantics as the timers table; for fast tests. */
export class MemoryStore implements Store {
  orders = new Map<string, OrderView>();
  shipments = new Map<string, ShipmentView>();
  cases = new Map<string, Case>();
  audit: { caseId: string; entry: AuditEntry }[] = [];
  breaches: { caseId: string; customerId?: string; at: Date }[] = [];
  timers = new Map<string, TimerRow>();
  events: CaseEvent[] = [];
  notices: (NoticeSent & { caseId?: string })[] = [];
  crmSyncs: { caseId: string; version: number; emits: CaseEmit['type'][] }[] = [];
  feeds = new Map<string, FeedState>();
  skuViews = new Map<string, SkuView>();
  shipped = new Map<string, string>();
  parcelScans = new Map<string, string[]>();
  /** Absence timers fire this long after their deadline (the poller's grace). */
  graceMs = 0;

  async loadOrder(id: string) {
    return this.orders.get(id);
  }
  async saveOrder(v: OrderView) {
    this.orders.set(v.orderId, v);
  }
  async loadShipment(id: string) {
    return this.shipments.get(id);
  }
  async saveShipment(v: ShipmentView) {
    this.shipments.set(v.shipmentId, v);
  }
  async shipmentsOfOrder(orderId: string) {
    return [...this.shipments.values()]
      .filter((s) => s.orderId === orderId)
      .sort((a, b) => a.shipmentId.localeCompare(b.shipmentId));
  }
  async ordersWithSku(sku: string) {
    return [...this.orders.values()].filter((o) => o.lines.some((l) => l.sku === sku));
  }
  async findOrderByPo(customerId: string, po: string) {
    return [...this.orders.values()].find((o) => o.customerId === customerId && o.poNumber === po);
  }
  async findShipmentByTracking(tn: string) {
    return [...this.shipments.values()].find((s) => s.trackingNumbers.includes(tn));
  }
  async loadCase(id: string) {
    return this.cases.get(id);
  }
  async findOpenCase(subject: Case['subject'], caseType: Case['caseType']) {
    return [...this.cases.values()].find(
      (c) => isOpen(c) && c.caseType === caseType && subjectKey(c.subject) === subjectKey(subject),
    );
  }
  async openCasesFor(subjects: readonly Case['subject'][]) {
    const keys = new Set(subjects.map(subjectKey));
    return [...this.cases.values()].filter((c) => isOpen(c) && keys.has(subjectKey(c.subject)));
  }
  async priorIncidents(customerId: string, caseType: Case['caseType'], since: Date) {
    return [...this.cases.values()]
      .filter(
        (c) =>
          c.party.customerId === customerId &&
          c.caseType === caseType &&
          Date.parse(c.openedAt) >= since.getTime(),
      )
      .sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt))
      .map((c) => ({ caseId: c.caseId, openedAt: c.openedAt }));
  }
  async saveCase(c: Case) {
    this.cases.set(c.caseId, c);
  }
  async appendAudit(caseId: string, entries: readonly AuditEntry[]) {
    for (const entry of entries) this.audit.push({ caseId, entry });
  }
  async recordBreach(
    caseId: string,
    customerId: string | undefined,
    _k: string,
    at: Date,
    since: Date,
  ) {
    this.breaches.push({ caseId, ...(customerId ? { customerId } : {}), at });
    const cases = this.breaches
      .filter((b) => b.customerId === customerId && b.at >= since)
      .map((b) => b.caseId);
    return customerId ? new Set(cases).size : 1;
  }
  async recordNotice(n: NoticeSent & { caseId?: string }) {
    if (!this.notices.some((x) => x.notificationId === n.notificationId)) this.notices.push(n);
  }
  async firstNoticeFor(triggerEventId: string) {
    return this.notices
      .filter((n) => n.triggerEventId === triggerEventId)
      .sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt))[0];
  }
  async casesCiting(subjects: readonly Case['subject'][], eventId: string) {
    const keys = new Set(subjects.map(subjectKey));
    return [...this.cases.values()].filter(
      (c) => keys.has(subjectKey(c.subject)) && c.evidence.some((e) => e.eventId === eventId),
    );
  }
  async schedule(timer: TimerSpec) {
    const row = this.timers.get(timer.timerId);
    // Same deadline: same arming (stays fired). A new deadline re-arms the timer.
    const keepFired = row?.firedAt && row.timer.dueAt === timer.dueAt;
    this.timers.set(timer.timerId, { timer, ...(keepFired ? { firedAt: row.firedAt } : {}) });
  }
  async cancel(timerId: string, at: Date, opts: Pick<Cancel, 'asOf' | 'forget'> = {}) {
    const row = this.timers.get(timerId);
    if (!row || row.firedAt) return;
    if (opts.forget) this.timers.delete(timerId);
    else if (!opts.asOf || Date.parse(row.timer.dueAt) >= Date.parse(opts.asOf))
      row.cancelledAt ??= at.toISOString();
  }
  async timersOf(kind: TimerKind, subject: Case['subject'], from: Date) {
    return [...this.timers.values()]
      .filter(
        (r) =>
          !r.cancelledAt &&
          r.timer.kind === kind &&
          Date.parse(r.timer.dueAt) >= from.getTime() &&
          subjectKey(r.timer.subject) === subjectKey(subject),
      )
      .map((r) => ({ ...r.timer, fired: r.firedAt !== undefined }));
  }
  async recordScan(tn: string, at: string) {
    const iso = new Date(at).toISOString();
    const list = this.parcelScans.get(tn) ?? [];
    if (!list.includes(iso)) this.parcelScans.set(tn, [...list, iso].sort());
  }
  async scansOf(tns: readonly string[]) {
    return tns.flatMap((tn) => this.parcelScans.get(tn) ?? []).sort();
  }
  async recordShipped(orderId: string, at: string) {
    const known = this.shipped.get(orderId);
    if (!known || Date.parse(at) < Date.parse(known)) this.shipped.set(orderId, at);
  }
  async firstShippedAt(orderId: string) {
    return this.shipped.get(orderId);
  }
  async loadSku(sku: string) {
    return this.skuViews.get(sku);
  }
  async saveSku(v: SkuView) {
    this.skuViews.set(v.sku, v);
  }
  async skus(list: readonly string[]) {
    return list.flatMap((k) => this.skuViews.get(k) ?? []);
  }
  async loadFeed(source: string) {
    return this.feeds.get(source);
  }
  async saveFeed(state: FeedState) {
    this.feeds.set(state.sourceSystem, state);
  }
  async emit(events: readonly CaseEvent[]) {
    this.events.push(...events);
  }
  async syncCrm(c: Case, emits: readonly CaseEmit['type'][]) {
    this.crmSyncs.push({ caseId: c.caseId, version: c.version, emits: [...emits] });
  }

  /** Claims every timer due by `now`, earliest first, as the poller does. */
  claimDue(now: Date): TimerSpec[] {
    const due = [...this.timers.values()]
      .filter(
        (r) =>
          !r.firedAt &&
          !r.cancelledAt &&
          Date.parse(r.timer.dueAt) + (isAbsence(r.timer.kind) ? this.graceMs : 0) <= now.getTime(),
      )
      .sort((a, b) => Date.parse(a.timer.dueAt) - Date.parse(b.timer.dueAt));
    for (const r of due) r.firedAt = now.toISOString();
    return due.map((r) => r.timer);
  }
}
