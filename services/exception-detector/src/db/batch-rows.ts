import type { Case } from '../domain/cases/case.js';
import type { CaseEvent } from '../domain/cases/to-contract.js';
import type { OrderView } from '../domain/projection/order-view.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';
import type { FeedState } from '../domain/rules/feed-rules.js';
import type { TimerSpec } from '../domain/rules/signals.js';
import { subjectKey, type CaseType, type Subject } from '../domain/types.js';
import type { NoticeFact } from './notices.js';
import type { ScanFact } from './scans.js';
import type { TimerCancel } from './timers.js';
import type { FeedSilences, ShippedFact } from './views.js';

// PostgreSQL text and jsonb hold no U+0000, and jsonb no unpaired surrogate.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** What U+0000 or a lone surrogate becomes in JSON; an escaped backslash before "u" too. */
const SUSPECT = /\\u(?:0000|d[89a-f])/i;
const unstorable = (text: string): boolean =>
  text.includes(String.fromCharCode(0)) || LONE_SURROGATE.test(text);

/**
 * The error PostgreSQL would give the row's one-row write, raised at once: a row written back at
 * the end of the batch must not turn a failing event into a passing one because a later event
 * of the batch overwrote what the store refuses.
 */
export function checkStorable(row: object): void {
  // JSON.stringify writes U+0000 and a lone surrogate as escapes (\u0000, \udxxx): a row whose
  // JSON holds none (nearly every row) is storable, read without a replacer call per value.
  if (!SUSPECT.test(JSON.stringify(row) ?? '')) return;
  JSON.stringify(row, (k, v: unknown) => {
    if (unstorable(k) || (typeof v === 'string' && unstorable(v)))
      throw new Error(
        `PostgreSQL cannot store ${JSON.stringify(k)}: U+0000 or an unpaired surrogate`,
      );
    return v;
  });
}

export type TimerOp = { kind: 'schedule'; timer: TimerSpec } | ({ kind: 'cancel' } & TimerCancel);

export const caseKey = (s: Subject, type: CaseType) => `${subjectKey(s)}\u0000${type}`;
export const citingKey = (s: Subject, eventId: string) => `${subjectKey(s)}\u0000${eventId}`;
/** The order of casesCiting's rows: opened_at, then case_id (lower-case uuids sort as text). */
export const byOpened = (a: Case, b: Case) =>
  Date.parse(a.openedAt) - Date.parse(b.openedAt) ||
  (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);
export const byShipmentId = (a: ShipmentView, b: ShipmentView) =>
  a.shipmentId < b.shipmentId ? -1 : a.shipmentId > b.shipmentId ? 1 : 0;

/** Rows read once and written back once: undefined = not read yet, null = known absent. */
export class Rows<V> {
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
export class Appended<V> {
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
 * What one unit of work holds: the rows it read ahead (preload.ts) or read since, and what it
 * writes back (write-back.ts). Only its PgStore reaches it.
 */
export class BatchRows {
  readonly orders = new Rows<OrderView>();
  readonly shipments = new Rows<ShipmentView>();
  readonly skuRows = new Rows<SkuView>();
  readonly feeds = new Rows<FeedState>();
  /** Orders whose shipments are all held. */
  readonly shipmentsComplete = new Set<string>();
  /** Open case per (subject, type): null = none; subjects preloaded have every type known. */
  readonly openCases = new Map<string, Case | null>();
  readonly subjectsLoaded = new Set<string>();
  /**
   * Cases by id, as stored now: those read ahead for the batch's notices and every case the
   * batch saved (saves are written through, so this is what a read would return).
   */
  readonly cases = new Map<string, Case>();
  /** Case ids read ahead: a miss among them is a case that does not exist. */
  readonly caseIdsLoaded = new Set<string>();
  /** (subject, event) pairs whose citing cases were read ahead: all of them are in `cases`. */
  readonly citingLoaded = new Set<string>();
  readonly scans = new Appended<ScanFact>();
  readonly shipped = new Appended<ShippedFact>();
  readonly notices = new Appended<NoticeFact>();
  readonly events = new Appended<CaseEvent>();
  /** Each timer's changes in the batch, in order. */
  readonly timerOps = new Map<string, TimerOp[]>();
  /** Every timer the batch changed, written back or not: what read-ahead timers it outdates. */
  readonly timersChanged = new Set<string>();
  /** Feeds' silence timers read ahead, by feed, with the due time they were read from. */
  readonly silences = new Map<string, { from: string; timers: FeedSilences['timers'] }>();
}
