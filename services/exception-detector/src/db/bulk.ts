import type pg from 'pg';
import type { BulkStore } from '../workflow/bulk-store.js';
import { openCases } from './cases.js';
import { feeds, saveFeeds } from './feeds.js';
import { together } from './held-writes.js';
import { casesForNotices, recordNotices } from './notices.js';
import { recordScans } from './scans.js';
import { cancelTimers, scheduleTimers } from './timers.js';
import * as views from './views.js';

type Q = Pick<pg.ClientBase, 'query'>;

// PostgreSQL text and jsonb hold no U+0000, and jsonb no unpaired surrogate.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string): boolean =>
  text.includes(String.fromCharCode(0)) || LONE_SURROGATE.test(text);

/** The error PostgreSQL would give the row's one-row write, raised before the write-back. */
export function checkStorable(row: object): void {
  JSON.stringify(row, (k, v: unknown) => {
    if (unstorable(k) || (typeof v === 'string' && unstorable(v)))
      throw new Error(
        `PostgreSQL cannot store ${JSON.stringify(k)}: U+0000 or an unpaired surrogate`,
      );
    return v;
  });
}

/**
 * The store's multi-row reads and writes on one client: what the unit of work reads ahead and
 * writes back, each one statement in the file of its table.
 */
export function pgBulk(db: Q): BulkStore {
  return {
    check: checkStorable,
    together: (work) => together(db, work),
    views: (keys) => views.viewsOf(db, keys),
    orders: (ids) => views.orders(db, ids),
    shipments: (ids) => views.shipments(db, ids),
    shipmentsOfOrders: (ids) => views.shipmentsOfOrders(db, ids),
    skus: (ids) => views.skus(db, ids),
    feeds: (ids) => feeds(db, ids),
    openCases: (subjects) => openCases(db, subjects),
    noticeCases: (citing, ids) => casesForNotices(db, citing, ids),
    saveOrders: (rows) => views.saveOrders(db, rows),
    saveShipments: (rows) => views.saveShipments(db, rows),
    saveSkus: (rows) => views.saveSkus(db, rows),
    saveFeeds: (rows) => saveFeeds(db, rows),
    recordScans: (rows) => recordScans(db, rows),
    recordShipped: (rows) => views.recordShipped(db, rows),
    recordNotices: (rows) => recordNotices(db, rows),
    schedule: (rows) => scheduleTimers(db, rows),
    cancel: (rows) => cancelTimers(db, rows),
  };
}
