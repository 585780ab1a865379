import { TOPIC, encodeEvent } from '@forewarn/contracts';
import { enqueueOutbox } from '@forewarn/db';
import type pg from 'pg';
import { isOpen, type Decision } from '../domain/cases/case.js';
import { toCaseEvent, type CaseEvent } from '../domain/cases/to-contract.js';
import { crmJobsFor } from '../crm/crm-case.js';
import type { CrmTarget } from '../crm/targets.js';
import { caseKey, checkStorable, type BatchRows, type TimerOp } from './batch-rows.js';
import * as cases from './cases.js';
import { recordCrmJobs } from './crm-sync.js';
import { saveFeeds } from './feeds.js';
import { together } from './held-writes.js';
import * as notices from './notices.js';
import { recordScans } from './scans.js';
import * as timers from './timers.js';
import * as views from './views.js';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * Writes back what the batch changed; call before the transaction commits. The writes (and
 * `alongside`'s, e.g. the consumer's progress) go as one statement: each touches a table of
 * its own, or distinct rows of it. A timer changed again goes after, a statement per change.
 */
export async function flush(db: Q, held: BatchRows, alongside?: () => Promise<void>) {
  const lists = [...held.timerOps.values()];
  held.timerOps.clear();
  await together(db, async () => {
    await views.saveOrders(db, held.orders.takeDirty());
    await views.saveShipments(db, held.shipments.takeDirty());
    await views.saveSkus(db, held.skuRows.takeDirty());
    await saveFeeds(db, held.feeds.takeDirty());
    await recordScans(db, held.scans.take());
    await views.recordShipped(db, held.shipped.take());
    await notices.recordNotices(db, held.notices.take());
    await timerRound(db, lists, 0);
    await emitNow(db, held.events.take());
    await alongside?.();
  });
  for (let i = 1; lists.some((l) => l.length > i); i++) await timerRound(db, lists, i);
}

function emitNow(db: Q, events: readonly CaseEvent[]): Promise<void> {
  return enqueueOutbox(
    db,
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
async function timerRound(db: Q, lists: readonly TimerOp[][], i: number): Promise<void> {
  const round = lists.flatMap((l) => l[i] ?? []);
  await timers.scheduleTimers(
    db,
    round.flatMap((o) => (o.kind === 'schedule' ? [o.timer] : [])),
  );
  await timers.cancelTimers(
    db,
    round.flatMap((o) => (o.kind === 'cancel' ? [o] : [])),
  );
}

/** Writes back the timer changes alone, before a read of the timers table. */
export async function flushTimers(db: Q, held: BatchRows): Promise<void> {
  const lists = [...held.timerOps.values()];
  held.timerOps.clear();
  for (let i = 0; lists.some((l) => l.length > i); i++) await timerRound(db, lists, i);
}

/** Holds a timer change, two cancels in a row merged into one. */
export function timerOp(held: BatchRows, timerId: string, op: TimerOp): void {
  held.timersChanged.add(timerId);
  const ops = held.timerOps.get(timerId) ?? [];
  const last = ops[ops.length - 1];
  const merged =
    last?.kind === 'cancel' && op.kind === 'cancel' ? timers.mergeCancels(last, op) : null;
  held.timerOps.set(timerId, merged ? [...ops.slice(0, -1), merged] : [...ops, op]);
}

/**
 * A decision's effects: the case, audit, SLA breaches and CRM jobs written through (rare next
 * to events), its timers and case events held for the write-back.
 */
export async function writeDecision(
  db: Q,
  held: BatchRows,
  crmTargets: readonly CrmTarget[],
  { d, at, causationId }: { d: Decision; at: Date; causationId?: string | undefined },
): Promise<void> {
  const c = d.case;
  await cases.saveCase(db, c);
  held.cases.set(c.caseId, c);
  // One open case per (subject, type): the one saved, or none once it is closed.
  const k = caseKey(c.subject, c.caseType);
  if (isOpen(c)) held.openCases.set(k, c);
  else if (held.openCases.get(k)?.caseId === c.caseId) held.openCases.set(k, null);
  await cases.appendAudit(db, c.caseId, d.audit);
  for (const t of d.timers) {
    if (t.kind === 'schedule') {
      checkStorable(t.timer);
      timerOp(held, t.timer.timerId, { kind: 'schedule', timer: t.timer });
    } else timerOp(held, t.timerId, { kind: 'cancel', timerId: t.timerId, at });
  }
  const events = d.emits.map((e, i) => toCaseEvent(c, e, i, at, causationId));
  for (const e of events) checkStorable(e);
  held.events.push(...events);
  const emitted = d.emits.map((e) => e.type);
  await recordCrmJobs(db, crmJobsFor(c, emitted, crmTargets), at);
  for (const e of d.emits)
    if (e.type === 'case.sla-breached')
      await cases.recordBreach(db, c.caseId, c.party.customerId, e.clock, at);
}
