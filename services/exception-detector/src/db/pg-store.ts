import { TOPIC, encodeEvent } from '@forewarn/contracts';
import { enqueueOutbox } from '@forewarn/db';
import type pg from 'pg';
import type { CaseEvent } from '../domain/cases/to-contract.js';
import type { Store } from '../workflow/store.js';
import { crmJobsFor } from '../crm/crm-case.js';
import { crmTargetsOf, type CrmTargetsOf } from '../crm/targets.js';
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
    pgStore(db, crmTargetsOf(config.CRM_TARGETS));

/**
 * The workflow's store on one PostgreSQL transaction: every write commits with the inbox marker,
 * the CRM sync jobs included.
 */
export function pgStore(db: Q, crmTargetsOf: CrmTargetsOf): Store {
  return {
    loadOrder: (t, id) => views.loadOrder(db, t, id),
    saveOrder: (v) => views.saveOrder(db, v),
    loadShipment: (t, id) => views.loadShipment(db, t, id),
    saveShipment: (v) => views.saveShipment(db, v),
    shipmentsOfOrder: (t, id) => views.shipmentsOfOrder(db, t, id),
    recordShipped: (t, id, at) => views.recordShipped(db, t, id, at),
    firstShippedAt: (t, id) => views.firstShippedAt(db, t, id),
    ordersWithSku: (t, sku) => views.ordersWithSku(db, t, sku),
    loadSku: (t, sku) => views.loadSku(db, t, sku),
    saveSku: (v) => views.saveSku(db, v),
    skus: (t, list) => views.skus(db, t, list),
    findOrderByPo: (t, c, po) => views.findOrderByPo(db, t, c, po),
    findShipmentByTracking: (t, tn) => views.findShipmentByTracking(db, t, tn),
    loadCase: (t, id) => cases.loadCase(db, t, id, true),
    findOpenCase: (t, s, type) => cases.findOpenCase(db, t, s, type),
    openCasesFor: (t, s) => cases.openCasesFor(db, t, s),
    priorIncidents: (t, c, type, since) => cases.priorIncidents(db, t, c, type, since),
    saveCase: (c) => cases.saveCase(db, c),
    appendAudit: (id, e) => cases.appendAudit(db, id, e),
    recordBreach: (t, id, c, clock, at, since) =>
      cases.recordBreach(db, t, id, c, clock, at, since),
    recordNotice: (t, n) => notices.recordNotice(db, t, n),
    firstNoticeFor: (t, id) => notices.firstNoticeFor(db, t, id),
    casesCiting: (t, s, id) => notices.casesCiting(db, t, s, id),
    recordScan: (t, tn, at) => scans.recordScan(db, t, tn, at),
    scansOf: (t, tns) => scans.scansOf(db, t, tns),
    loadFeed: (t, source) => feeds.loadFeed(db, t, source),
    saveFeed: (state) => feeds.saveFeed(db, state),
    schedule: (timer) => scheduleTimer(db, timer),
    cancel: (id, at, opts) => cancelTimer(db, id, at, opts),
    timersOf: (t, kind, subject, from) => timersOf(db, t, kind, subject, from),
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
    syncCrm: (c, emits, at) =>
      recordCrmJobs(db, crmJobsFor(c, emits, crmTargetsOf(c.tenantId)), at),
  };
}
