import type pg from 'pg';
import { subjectKey, type Subject } from '../domain/types.js';
import type { ShipmentView } from '../domain/projection/shipment-view.js';
import type { SkuView } from '../domain/projection/sku-view.js';
import type { Case } from '../domain/cases/case.js';
import {
  byOpened,
  byShipmentId,
  caseKey,
  citingKey,
  type BatchRows,
  type Rows,
} from './batch-rows.js';
import * as cases from './cases.js';
import * as notices from './notices.js';
import type { CitingKey } from './notices.js';
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
  /** Feeds whose silence timers the batch's late sends may split, from when (feedSignals). */
  silences: readonly { source: string; from: Date }[];
  /** Subjects whose open cases the batch may decide on (their rows are locked). */
  subjects: readonly Subject[];
  /** What the batch's notices read: cases citing their events, and the cases they name. */
  notices: { citing: readonly CitingKey[]; caseIds: readonly string[] };
}

/** Reads what the plan names and `held` does not hold yet, into `held`. */
export async function preload(db: Q, held: BatchRows, plan: BatchPlan): Promise<void> {
  const fresh = (ids: readonly string[], has: (id: string) => boolean) => [
    ...new Set(ids.filter((id) => !has(id))),
  ];
  const orders = fresh(plan.orders, (k) => held.orders.get(k) !== undefined);
  const shipmentsOf = fresh(plan.shipmentsOf, (k) => held.shipmentsComplete.has(k));
  // Every projection and feed state in one round trip; the open cases (locked) in another.
  const {
    orders: o,
    shipmentsOf: ofOrders,
    shipments: sh,
    skus: sk,
    feeds: fe,
    silences: si,
  } = await views.viewsOf(db, {
    orders,
    shipmentsOf,
    shipments: fresh(plan.shipments, (k) => held.shipments.get(k) !== undefined),
    skus: fresh(plan.skus, (k) => held.skuRows.get(k) !== undefined),
    feeds: fresh(plan.feeds, (k) => held.feeds.get(k) !== undefined),
    silences: [...new Map(plan.silences.map((s) => [s.source, s])).values()].filter(
      (s) => !held.silences.has(s.source),
    ),
  });
  await readOpenCases(db, held, plan.subjects);
  await preloadNoticeCases(db, held, plan.notices);
  const found = <V>(
    rows: Rows<V>,
    asked: readonly string[],
    got: readonly V[],
    id: (v: V) => string,
  ) => {
    for (const v of got) rows.loaded(id(v), v);
    for (const k of asked) rows.loaded(k, undefined);
  };
  for (const s of ofOrders) held.shipments.loaded(s.shipmentId, s);
  for (const k of shipmentsOf) held.shipmentsComplete.add(k);
  found(held.orders, orders, o, (v) => v.orderId);
  found(held.shipments, plan.shipments, sh, (v) => v.shipmentId);
  found(held.skuRows, plan.skus, sk, (v) => v.sku);
  found(held.feeds, plan.feeds, fe, (v) => v.sourceSystem);
  const asked = new Map(plan.silences.map((s) => [s.source, s.from]));
  for (const { source, timers } of si)
    held.silences.set(source, { from: asked.get(source)!.toISOString(), timers });
  // The pair is judged again for every shipment of those orders: their cases too.
  await readOpenCases(
    db,
    held,
    ofOrders.map((s) => ({ kind: 'shipment', id: s.shipmentId })),
  );
}

/**
 * The open cases of those subjects, by opened-at: the batch's one read of them, every type of a
 * subject it has not read yet in one statement that locks them for the transaction (the rows it
 * decides on), the rest from memory, where a case saved since it was read is as stored now.
 */
export async function readOpenCases(
  db: Q,
  held: BatchRows,
  subjects: readonly Subject[],
): Promise<Case[]> {
  const fresh = [...new Map(subjects.map((s) => [subjectKey(s), s])).entries()].filter(
    ([k]) => !held.subjectsLoaded.has(k),
  );
  const open = await cases.openCases(
    db,
    fresh.map(([, { kind, id }]) => ({ kind, id })),
  );
  for (const [k] of fresh) held.subjectsLoaded.add(k);
  for (const c of open) held.openCases.set(caseKey(c.subject, c.caseType), c);
  const about = new Set(subjects.map(subjectKey));
  return [...held.openCases.values()]
    .filter((c): c is Case => c !== null && about.has(subjectKey(c.subject)))
    .sort(byOpened);
}

async function preloadNoticeCases(
  db: Q,
  held: BatchRows,
  plan: BatchPlan['notices'],
): Promise<void> {
  const citing = [
    ...new Map(plan.citing.map((k) => [citingKey(k.subject, k.eventId), k])).entries(),
  ].filter(([k]) => !held.citingLoaded.has(k));
  const ids = [...new Set(plan.caseIds)].filter(
    (id) => !held.caseIdsLoaded.has(id) && !held.cases.has(id),
  );
  if (citing.length === 0 && ids.length === 0) return;
  const got = await notices.casesForNotices(
    db,
    citing.map(([, k]) => k),
    ids,
  );
  // A case the batch already holds is newer than the row (it was saved since it was read).
  for (const c of got) if (!held.cases.has(c.caseId)) held.cases.set(c.caseId, c);
  for (const id of ids) held.caseIdsLoaded.add(id);
  for (const [k] of citing) held.citingLoaded.add(k);
}

/** Views of one kind by id, read with the statement that reads a batch's ahead. */
export async function viewsOfKind<K extends keyof views.Views>(
  db: Q,
  kind: K,
  ids: readonly string[],
) {
  const none = { orders: [], shipmentsOf: [], shipments: [], skus: [], feeds: [], silences: [] };
  return (await views.viewsOf(db, { ...none, [kind]: ids }))[kind];
}

/** A row the batch holds, else read once from the database. */
export async function readRow<V>(rows: Rows<V>, k: string, load: () => Promise<V[]>) {
  const held = rows.get(k);
  if (held !== undefined) return held ?? undefined;
  const v = (await load())[0];
  rows.loaded(k, v);
  return v;
}

/** Every shipment of the order; one not read ahead is read (the caller writes back first). */
export async function readShipmentsOf(
  db: Q,
  held: BatchRows,
  orderId: string,
): Promise<ShipmentView[]> {
  if (!held.shipmentsComplete.has(orderId)) {
    const rows = (await viewsOfKind(db, 'shipmentsOf', [orderId])).sort(byShipmentId);
    for (const s of rows) held.shipments.loaded(s.shipmentId, s);
    held.shipmentsComplete.add(orderId);
    return rows;
  }
  return held.shipments
    .values()
    .filter((s) => s.orderId === orderId)
    .sort(byShipmentId);
}

/** The views of those SKUs, those the batch does not hold read in one statement. */
export async function readSkus(
  db: Q,
  held: BatchRows,
  skus: readonly string[],
): Promise<SkuView[]> {
  const missing = skus.filter((s) => held.skuRows.get(s) === undefined);
  if (missing.length > 0) {
    const got = await viewsOfKind(db, 'skus', missing);
    for (const v of got) held.skuRows.loaded(v.sku, v);
    for (const s of missing) held.skuRows.loaded(s, undefined);
  }
  return [...new Set(skus)]
    .flatMap((s) => held.skuRows.get(s) ?? [])
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
