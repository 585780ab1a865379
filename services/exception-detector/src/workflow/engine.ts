import type { InventoryAdjusted } from '@forewarn/contracts';
import type { Case, Decision } from '../domain/cases/case.js';
import { chronicOnBreach } from '../domain/cases/decide-detection.js';
import { decideSignal, subjectsAround, type SignalFacts } from '../domain/cases/decide-signal.js';
import { isOrderEvent, isShipmentEvent, type DetectorEvent } from '../domain/projection/events.js';
import { evolveOrder } from '../domain/projection/order-view.js';
import { evolveShipment } from '../domain/projection/shipment-view.js';
import type { DetectorPolicy } from '../domain/policy.js';
import { feedSignals, silencesFrom, type FeedMessage } from '../domain/rules/feed-rules.js';
import { inventoryRules } from '../domain/rules/inventory-rules.js';
import { pairRules } from '../domain/rules/pair-rules.js';
import { evolveSku } from '../domain/projection/sku-view.js';
import { orderRules } from '../domain/rules/order-rules.js';
import { shipmentRules, shippedSignals } from '../domain/rules/shipment-rules.js';
import type { Clearance, Detection, Signal, TimerSpec } from '../domain/rules/signals.js';
import { onTimerFired } from '../domain/rules/timer-rules.js';
import { onSlaTimer } from '../domain/sla/escalation.js';
import type { Store } from './store.js';

const DAY_MS = 86_400_000;

export interface Clocked {
  policy: DetectorPolicy;
  now: Date;
}

/** The start of the repeat window the chronic rules count over. */
const windowStart = (ctx: Clocked) =>
  new Date(ctx.now.getTime() - ctx.policy.repeatWindowDays * DAY_MS);

/** Persists one decision: the case, its audit trail, timers, breaches and events. Writes only. */
export async function commit(
  store: Store,
  d: Decision,
  ctx: Clocked,
  causationId?: string,
): Promise<void> {
  if (d.emits.length === 0 && d.audit.length === 0 && d.timers.length === 0) return;
  await store.writeDecision(d, ctx.now, causationId);
}

async function citedBefore(store: Store, d: Detection): Promise<boolean> {
  for (const eventId of [d.evidence.eventId, ...(d.episode ?? [])]) {
    const cases = await store.casesCiting([d.subject], eventId);
    if (cases.some((c) => c.caseType === d.caseType)) return true;
  }
  return false;
}

/** What deciding on the signal reads, each read only when the ones before leave it open. */
async function factsFor(
  store: Store,
  s: Detection | Clearance,
  ctx: Clocked,
): Promise<SignalFacts> {
  const open = await store.findOpenCase(s.subject, s.caseType);
  if (s.kind === 'clear') return { open };
  if (!open && (await citedBefore(store, s))) return { citedBefore: true };
  const told = await store.firstNoticeFor(s.evidence.eventId);
  if (open) return { open, ...(told ? { told } : {}) };
  const customerId = s.party.customerId;
  return {
    ...(told ? { told } : {}),
    prior: customerId ? await store.priorIncidents(customerId, s.caseType, windowStart(ctx)) : [],
    around: await store.openCasesFor(subjectsAround(s)),
  };
}

/**
 * Applies rule output: timers first-class; a detection or clearance loads its facts, is decided
 * (pure) and its decisions written, the detections it calls for judged right after it.
 */
export async function applySignals(
  store: Store,
  signals: readonly Signal[],
  ctx: Clocked,
  causationId?: string,
): Promise<void> {
  const queue = [...signals];
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i]!;
    if (s.kind === 'schedule') await store.schedule(s.timer);
    else if (s.kind === 'cancel') await store.cancel(s.timerId, ctx.now, s);
    else {
      const { decisions, next } = decideSignal(s, await factsFor(store, s, ctx), ctx);
      for (const d of decisions) await commit(store, d, ctx, causationId);
      queue.splice(i + 1, 0, ...next);
    }
  }
}

/** One domain (or inventory) event: evolve the projections, run the rules, apply their signals. */
export async function handleEvent(store: Store, event: DetectorEvent, ctx: Clocked): Promise<void> {
  const { policy } = ctx;
  let signals: Signal[] = [];
  if (isOrderEvent(event)) {
    const before = await store.loadOrder(event.payload.orderId);
    const order = evolveOrder(before, event);
    signals = orderRules({ event, order, policy });
    if (order !== before) {
      await store.saveOrder(order);
      // The order side changed: judge again what needs it together with the other side.
      for (const shipment of await store.shipmentsOfOrder(order.orderId))
        signals.push(...pairRules(shipment, order, policy));
      for (const sku of await store.skus(Object.keys(order.allocatedSince ?? {})))
        signals.push(...inventoryRules(sku, order, policy));
    }
  } else if (isShipmentEvent(event)) {
    const before = await store.loadShipment(event.payload.shipmentId);
    const shipment = evolveShipment(before, event);
    await store.saveShipment(shipment);
    const order = await store.loadOrder(shipment.orderId);
    const input = {
      event,
      shipment,
      policy,
      now: ctx.now,
      ...(before ? { before } : {}),
      ...(order ? { order } : {}),
    };
    signals = [
      ...shippedSignals(input),
      ...shipmentRules(input),
      ...pairRules(shipment, order, policy),
    ];
  } else if (event.type === 'wms.inventory.adjusted') {
    const inv = event as InventoryAdjusted;
    const before = await store.loadSku(inv.payload.sku);
    const sku = evolveSku(before, inv);
    if (sku && sku !== before) {
      await store.saveSku(sku);
      for (const order of await store.ordersWithSku(sku.sku))
        signals.push(...inventoryRules(sku, order, policy));
    }
  }
  await applySignals(store, signals, ctx, event.eventId);
}

/** Messages of one source system (a batch's worth, any order): feed health only. */
export async function handleFeedMessages(
  store: Store,
  sourceSystem: string,
  messages: readonly FeedMessage[],
  ctx: Clocked,
): Promise<void> {
  if (messages.length === 0) return;
  const state = (await store.loadFeed(sourceSystem)) ?? { sourceSystem };
  const last = state.lastSentAt ? Date.parse(state.lastSentAt) : Infinity;
  const earliest = Math.min(...messages.map((m) => Date.parse(m.sentAt)));
  // Only a send older than the latest can fall in a closed silence.
  const silences =
    earliest < last
      ? await store.timersOf(
          'feed_stalled',
          { kind: 'source_system', id: sourceSystem },
          silencesFrom(messages),
        )
      : [];
  const out = feedSignals(state, silences, messages, ctx.policy);
  if (out.state !== state) await store.saveFeed(out.state);
  await applySignals(store, out.signals, ctx, messages[0]!.eventId);
}

/** A durable timer fired (claimed once by the poller, in this same transaction). */
export async function handleTimer(store: Store, timer: TimerSpec, ctx: Clocked): Promise<void> {
  const causation = `${timer.timerId}@${timer.dueAt}`;
  if (timer.kind === 'sla_warning' || timer.kind === 'sla_breach') {
    const c: Case | undefined = timer.caseId ? await store.loadCase(timer.caseId) : undefined;
    if (!c) return;
    const customerId = c.party.customerId;
    const breached =
      timer.kind === 'sla_breach' && customerId && ctx.policy.chronicBreachCount > 0
        ? await store.otherCasesBreached(customerId, c.caseId, windowStart(ctx))
        : 0;
    const d = onSlaTimer(ctx.policy, c, timer, ctx.now);
    await commit(store, d, ctx, causation);
    await applySignals(store, chronicOnBreach(d, breached, ctx.policy, ctx.now), ctx, causation);
    return;
  }
  const order =
    timer.subject.kind === 'order' ? await store.loadOrder(timer.subject.id) : undefined;
  const shipment =
    timer.subject.kind === 'shipment' ? await store.loadShipment(timer.subject.id) : undefined;
  const scans = shipment ? await store.scansOf(shipment.trackingNumbers) : [];
  const shipOrder = shipment ? await store.loadOrder(shipment.orderId) : undefined;
  const shipments = order ? await store.shipmentsOfOrder(order.orderId) : [];
  const confirmed = order ? await store.firstShippedAt(order.orderId) : undefined;
  const shippedAt = [order?.shippedAt, confirmed, ...shipments.map((s) => s.shippedAt)]
    .filter((t): t is string => t !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  const feed =
    timer.subject.kind === 'source_system' ? await store.loadFeed(timer.subject.id) : undefined;
  const signals = onTimerFired({
    timer,
    policy: ctx.policy,
    ...((order ?? shipOrder) ? { order: (order ?? shipOrder)! } : {}),
    ...(shipment ? { shipment, scans } : {}),
    ...(shippedAt ? { shippedAt } : {}),
    ...(feed ? { feed } : {}),
  });
  await applySignals(store, signals, ctx, causation);
}
