import { TOPIC, encodeEvent } from '@forewarn/contracts';
import { enqueueOutbox } from '@forewarn/db';
import type pg from 'pg';
import type { CaseEvent } from '../domain/cases/to-contract.js';
import type { Store } from '../workflow/store.js';
import { crmJobsFor } from '../crm/crm-case.js';
import type { CrmTarget } from '../crm/targets.js';
import type { DetectorEnv } from '../config.js';
import * as cases from './cases.js';
import { recordCrmJobs } from './crm-sync.js';
import * as notices from './notices.js';
import * as feeds from './feeds.js';
import * as scans from './scans.js';
import { cancelTimer, scheduleTimer, timersOf } from './timers.js';
import * as views from './views.js';

type Q = Pick<pg.ClientBase, 'query'>;

/** Builds the store for one transaction's client. */
export type StoreOf = (db: Q) => Store;

export const detectorStoreOf =
  (config: Pick<DetectorEnv, 'CRM_TARGETS'>): StoreOf =>
  (db) =>
    pgStore(db, config.CRM_TARGETS);

/**
 * The workflow's store on one PostgreSQL transaction: every write commits with the inbox marker,
 * the CRM sync jobs included.
 */
export function pgStore(db: Q, crmTargets: readonly CrmTarget[]): Store {
  return {
    loadOrder: (id) => views.loadOrder(db, id),
    saveOrder: (v) => views.saveOrder(db, v),
    loadShipment: (id) => views.loadShipment(db, id),
    saveShipment: (v) => views.saveShipment(db, v),
    shipmentsOfOrder: (id) => views.shipmentsOfOrder(db, id),
    recordShipped: (id, at) => views.recordShipped(db, id, at),
    firstShippedAt: (id) => views.firstShippedAt(db, id),
    ordersWithSku: (sku) => views.ordersWithSku(db, sku),
    loadSku: (sku) => views.loadSku(db, sku),
    saveSku: (v) => views.saveSku(db, v),
    skus: (list) => views.skus(db, list),
    findOrderByPo: (c, po) => views.findOrderByPo(db, c, po),
    findShipmentByTracking: (tn) => views.findShipmentByTracking(db, tn),
    loadCase: (id) => cases.loadCase(db, id, true),
    findOpenCase: (s, type) => cases.findOpenCase(db, s, type),
    openCasesFor: (s) => cases.openCasesFor(db, s),
    priorIncidents: (c, type, since) => cases.priorIncidents(db, c, type, since),
    saveCase: (c) => cases.saveCase(db, c),
    appendAudit: (id, e) => cases.appendAudit(db, id, e),
    recordBreach: (id, c, clock, at, since) => cases.recordBreach(db, id, c, clock, at, since),
    recordNotice: (n) => notices.recordNotice(db, n),
    firstNoticeFor: (id) => notices.firstNoticeFor(db, id),
    casesCiting: (s, id) => notices.casesCiting(db, s, id),
    recordScan: (tn, at) => scans.recordScan(db, tn, at),
    scansOf: (tns) => scans.scansOf(db, tns),
    loadFeed: (source) => feeds.loadFeed(db, source),
    saveFeed: (state) => feeds.saveFeed(db, state),
    schedule: (timer) => scheduleTimer(db, timer),
    cancel: (id, at, opts) => cancelTimer(db, id, at, opts),
    timersOf: (kind, subject, from) => timersOf(db, kind, subject, from),
    emit: (events: readonly CaseEvent[]) =>
      enqueueOutbox(
        db,
        events.map((e) => ({
          eventId: e.eventId,
          topic: TOPIC.cases,
          key: e.payload.caseId,
          value: encodeEvent(e),
        })),
      ),
    syncCrm: (c, emits, at) => recordCrmJobs(db, crmJobsFor(c, emits, crmTargets), at),
  };
}
