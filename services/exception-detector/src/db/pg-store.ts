import { TOPIC, encodeEvent } from '@forewarn/contracts';
import { enqueueOutbox } from '@forewarn/db';
import type pg from 'pg';
import type { CaseEvent } from '../domain/cases/to-contract.js';
import { BatchStore } from '../workflow/batch-store.js';
import type { Backing } from '../workflow/store.js';
import { crmJobsFor } from '../crm/crm-case.js';
import type { CrmTarget } from '../crm/targets.js';
import type { DetectorEnv } from '../config.js';
import { pgBulk } from './bulk.js';
import { holdingWrites } from './held-writes.js';
import * as cases from './cases.js';
import { recordCrmJobs } from './crm-sync.js';
import * as notices from './notices.js';
import * as scans from './scans.js';
import { timersOf } from './timers.js';
import * as views from './views.js';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * The store of one transaction's client. What it holds goes back with `flush`, which the caller
 * runs last, before the transaction commits.
 */
export type StoreOf = (db: Q) => BatchStore;

export const detectorStoreOf =
  (config: Pick<DetectorEnv, 'CRM_TARGETS'>): StoreOf =>
  (db) =>
    pgStore(db, config.CRM_TARGETS);

/**
 * The workflow's store on one PostgreSQL transaction: every write commits with the inbox marker,
 * the outbox rows and CRM sync jobs included.
 */
export function pgStore(client: Q, crmTargets: readonly CrmTarget[]): BatchStore {
  // Holding: the write-back goes as one statement (BatchStore.flush). A client already holding
  // (the consumer's) is the same one, so what the caller writes alongside joins it.
  const db = holdingWrites(client);
  return new BatchStore(pgBacking(db, crmTargets), pgBulk(db));
}

function pgBacking(db: Q, crmTargets: readonly CrmTarget[]): Backing {
  return {
    firstShippedAt: (id) => views.firstShippedAt(db, id),
    ordersWithSku: (sku) => views.ordersWithSku(db, sku),
    findOrderByPo: (c, po) => views.findOrderByPo(db, c, po),
    findShipmentByTracking: (tn) => views.findShipmentByTracking(db, tn),
    loadCase: (id) => cases.loadCase(db, id, true),
    findOpenCase: (s, type) => cases.findOpenCase(db, s, type),
    openCasesFor: (s) => cases.openCasesFor(db, s),
    priorIncidents: (c, type, since) => cases.priorIncidents(db, c, type, since),
    saveCase: (c) => cases.saveCase(db, c),
    appendAudit: (id, e) => cases.appendAudit(db, id, e),
    recordBreach: (id, c, clock, at) => cases.recordBreach(db, id, c, clock, at),
    otherCasesBreached: (c, id, since) => cases.otherCasesBreached(db, c, id, since),
    firstNoticeFor: (id) => notices.firstNoticeFor(db, id),
    casesCiting: (s, id) => notices.casesCiting(db, s, id),
    scansOf: (tns) => scans.scansOf(db, tns),
    timersOf: (kind, subject, from) => timersOf(db, kind, subject, from),
    emit: (events: readonly CaseEvent[]) =>
      enqueueOutbox(
        db,
        events.map((e) => ({
          eventId: e.eventId,
          topic: TOPIC.cases,
          key: e.payload.caseId,
          value: encodeEvent(e),
          causationId: e.causationId ?? null,
        })),
      ),
    syncCrm: (c, emits, at) => recordCrmJobs(db, crmJobsFor(c, emits, crmTargets), at),
  };
}
