import type { ForewarnEvent, ShipmentConfirmed } from '@forewarn/contracts';
import { inboxRefOf, withTransaction, type ClientSource } from '@forewarn/db';
import { withSpan } from '@forewarn/observability';
import { progressOf, recordProgress } from '@forewarn/runtime';
import { lockAndClaim, type BatchKeys } from '../db/locks.js';
import { holdingWrites } from '../db/held-writes.js';
import type { StoreOf } from '../db/pg-store.js';
import type { DetectorPolicy } from '../domain/policy.js';
import type { DetectorEvent } from '../domain/projection/events.js';
import type { FeedMessage } from '../domain/rules/feed-rules.js';
import { handleEvent, handleFeedMessages, type Clocked } from '../workflow/engine.js';
import { keysOf, lockKey } from '../workflow/locks.js';
import { handleNotice } from '../workflow/notices.js';
import type { Store } from '../workflow/store.js';
import { batchPlan } from './batch-plan.js';

const RULE_TYPES = /^(order\.|shipment\.|wms\.inventory\.adjusted$)/;

/** One event's rule effects: rules for domain (and inventory) events, notices. */
async function applyEvent(store: Store, event: ForewarnEvent, ctx: Clocked): Promise<void> {
  if (
    event.type === 'carrier.tracking.scanned' ||
    event.type === 'carrier.proof-of-delivery.recorded'
  ) {
    const p = event.payload as { trackingNumber: string; scannedAt?: string; deliveredAt?: string };
    const at = p.scannedAt ?? p.deliveredAt;
    if (at) await store.recordScan(p.trackingNumber, at);
  }
  if (event.type === 'wms.shipment.confirmed') {
    const p = event.payload as ShipmentConfirmed['payload'];
    await store.recordShipped(p.orderId, p.shippedAt);
  }
  if (RULE_TYPES.test(event.type)) await handleEvent(store, event as DetectorEvent, ctx);
  if (event.type === 'notification.sent') await handleNotice(store, event, ctx);
}

/** Source messages of the batch by source system, for feed health. */
function feedGroups(msgs: readonly { event: ForewarnEvent; sentAt: Date; writtenAt: Date }[]) {
  const groups = new Map<string, { source: string; messages: FeedMessage[] }>();
  for (const { event, sentAt, writtenAt } of msgs) {
    if (event.sourceSystem.startsWith('forewarn:')) continue;
    const g = groups.get(event.sourceSystem) ?? { source: event.sourceSystem, messages: [] };
    g.messages.push({
      eventId: event.eventId,
      type: event.type,
      sentAt: sentAt.toISOString(),
      writtenAt: writtenAt.toISOString(),
    });
    groups.set(event.sourceSystem, g);
  }
  return [...groups.values()];
}

/**
 * The lock keys of a batch (see workflow/locks.ts): the keys its events name, and the orders
 * whose customer keysOf asks for, to be read in the locking statement itself.
 */
function batchKeys(events: readonly ForewarnEvent[]): BatchKeys {
  const customersOf: string[] = [];
  const keys = events.flatMap((e) =>
    keysOf(e, (orderId) => {
      customersOf.push(orderId);
      return undefined;
    }),
  );
  return { keys, customersOf, customerKeyPrefix: lockKey.customer('') };
}

/** A consumed message as the batch reads it. */
export interface BatchMessage {
  topic: string;
  partition: number;
  offset: string;
  value: ForewarnEvent;
  headers: Record<string, string>;
  timestamp: number;
}

export interface BatchDeps {
  pool: ClientSource;
  /** The inbox's consumer name (one inbox for both consumers: their events are disjoint). */
  group: string;
  storeOf: StoreOf;
  policy: DetectorPolicy;
  now: () => Date;
  sentAt: (m: BatchMessage, now: Date) => Date;
  writtenAt: (m: BatchMessage, now: Date) => Date;
}

/**
 * A batch of one partition's messages in one transaction: the inbox markers of the new events,
 * their projections, cases, audit, timers, CRM jobs, outbox rows and the source progress commit
 * together, so a redelivery or a replay changes nothing. Its first statement takes the locks of
 * every order, customer, SKU and feed the batch touches (sorted), so instances splitting the
 * partitions never decide on half of each other's writes, then claims the events in the inbox;
 * the write-back and the progress go as one statement at the end. A replayed batch opens a
 * transaction that claims nothing (there is no lock-free inbox read before it: for the batches
 * that are new, which are nearly all, that read was a round trip more).
 */
export async function applyDetectorBatch(
  deps: BatchDeps,
  msgs: readonly BatchMessage[],
): Promise<void> {
  const { policy } = deps;
  const events = msgs.map((m) => m.value);
  // A redelivered source message still proves its feed alive, so feed health reads every
  // message; rules only read events the inbox has not seen.
  const sources = msgs.filter((m) => !m.value.sourceSystem.startsWith('forewarn:'));
  await withTransaction(deps.pool, async (client) => {
    const db = holdingWrites(client);
    // The inbox keys on (source system, event id): ids are unique per source only.
    const refs = [...new Map(events.map((e) => [keyOf(inboxRefOf(e)), inboxRefOf(e)])).values()];
    const claimed = new Set(
      (await lockAndClaim(db, deps.group, batchKeys(events), refs)).map((r) =>
        keyOf({ source: r.source, id: r.message_id }),
      ),
    );
    const now = deps.now();
    // Each event once, as claimEvents picks them: the first of an event repeated in the batch.
    const applied = msgs.filter((m) => claimed.delete(keyOf(inboxRefOf(m.value))));
    const sent = sources.map((m) => ({
      event: m.value,
      sentAt: deps.sentAt(m, now),
      writtenAt: deps.writtenAt(m, now),
    }));
    const feeds = feedGroups(sent);
    const store = deps.storeOf(db);
    // The detection stage of a trace: loading what the rules read, the rules, the writes.
    await withSpan(
      'detect',
      { stage: 'detect', attributes: { 'forewarn.events': applied.length } },
      async () => {
        await store.preload(
          batchPlan(
            applied.map((m) => m.value),
            feeds,
          ),
        );
        for (const m of applied) await applyEvent(store, m.value, { policy, now });
        for (const g of feeds)
          await handleFeedMessages(store, g.source, g.messages, { policy, now });
        await store.flush(() =>
          recordProgress(
            db,
            progressOf(sources, (i) => sent[i]!.sentAt),
          ),
        );
      },
    );
  });
}

const keyOf = (r: { source: string; id: string }) => `${r.source}\u0000${r.id}`;
