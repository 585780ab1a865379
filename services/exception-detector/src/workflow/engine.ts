import type { InventoryAdjusted } from '@forewarn/contracts';
import {
  chronicDetection,
  addEvidence,
  autoResolve,
  openCase,
} from '../domain/cases/decide-detection.js';
import { chain, type Case, type Decision } from '../domain/cases/case.js';
import { decideNotified } from '../domain/cases/notified.js';
import { toCaseEvent } from '../domain/cases/to-contract.js';
import { isOrderEvent, isShipmentEvent, type DetectorEvent } from '../domain/projection/events.js';
import { evolveOrder } from '../domain/projection/order-view.js';
import { evolveShipment } from '../domain/projection/shipment-view.js';
import type { TenantPolicy } from '../domain/policy.js';
import { feedRules } from '../domain/rules/feed-rules.js';
import { inventoryRules } from '../domain/rules/inventory-rules.js';
import { orderRules } from '../domain/rules/order-rules.js';
import { shipmentRules, shippedSignals } from '../domain/rules/shipment-rules.js';
import type { Signal, TimerSpec } from '../domain/rules/signals.js';
import { onTimerFired } from '../domain/rules/timer-rules.js';
import { onSlaTimer } from '../domain/sla/escalation.js';
import type { Store } from './store.js';

const DAY_MS = 86_400_000;

export interface Clocked {
  policy: TenantPolicy;
  now: Date;
}

/** Persists one decision: the case, its audit trail, its timers and its events. */
export async function commit(
  store: Store,
  d: Decision,
  ctx: Clocked,
  causationId?: string,
): Promise<void> {
  if (d.emits.length === 0 && d.audit.length === 0 && d.timers.length === 0) return;
  await store.saveCase(d.case);
  await store.appendAudit(d.case.caseId, d.audit);
  for (const t of d.timers) {
    if (t.kind === 'schedule') await store.schedule(t.timer);
    else await store.cancel(t.timerId, ctx.now);
  }
  await store.emit(d.emits.map((e, i) => toCaseEvent(d.case, e, i, ctx.now, causationId)));
  await store.syncCrm(
    d.case,
    d.emits.map((e) => e.type),
    ctx.now,
  );
  for (const e of d.emits) {
    if (e.type !== 'case.sla-breached') continue;
    const since = new Date(ctx.now.getTime() - ctx.policy.repeatWindowDays * DAY_MS);
    const count = await store.recordBreach(
      d.case.tenantId,
      d.case.caseId,
      d.case.party.customerId,
      e.clock,
      ctx.now,
      since,
    );
    if (count >= ctx.policy.chronicBreachCount) {
      const chronic = chronicDetection(d.case, { kind: 'breaches', count }, ctx.policy, ctx.now);
      if (chronic) await applySignals(store, d.case.tenantId, [chronic], ctx, causationId);
    }
  }
}

/** Applies rule output: timers first-class, detections to the one open case per (subject, type). */
export async function applySignals(
  store: Store,
  tenantId: string,
  signals: readonly Signal[],
  ctx: Clocked,
  causationId?: string,
): Promise<void> {
  for (const s of signals) {
    switch (s.kind) {
      case 'schedule':
        await store.schedule(s.timer);
        break;
      case 'cancel':
        await store.cancel(s.timerId, ctx.now);
        break;
      case 'clear': {
        const open = await store.findOpenCase(tenantId, s.subject, s.caseType);
        if (open) await commit(store, autoResolve(open, s, ctx.now), ctx, causationId);
        break;
      }
      case 'detect': {
        const open = await store.findOpenCase(tenantId, s.subject, s.caseType);
        // The notifier may have told the customer about this event before we saw it.
        const told = await store.firstNoticeFor(tenantId, s.evidence.eventId);
        const withNotice = (d: Decision): Decision =>
          told ? chain(d, (c) => decideNotified(c, told, ctx.now)) : d;
        if (open) {
          await commit(store, withNotice(addEvidence(open, s, ctx)), ctx, causationId);
          break;
        }
        const customerId = s.party.customerId;
        const since = new Date(ctx.now.getTime() - ctx.policy.repeatWindowDays * DAY_MS);
        const prior = customerId
          ? await store.priorIncidents(tenantId, customerId, s.caseType, since)
          : [];
        const decision = withNotice(openCase(tenantId, s, { ...ctx, priorIncidents: prior }));
        await commit(store, decision, ctx, causationId);
        if (decision.case.rcaRequired && prior.length > 0) {
          const chronic = chronicDetection(
            decision.case,
            { kind: 'repeat', count: prior.length + 1 },
            ctx.policy,
            ctx.now,
          );
          if (chronic) await applySignals(store, tenantId, [chronic], ctx, causationId);
        }
        break;
      }
    }
  }
}

/** One domain (or inventory) event: evolve the projections, run the rules, apply their signals. */
export async function handleEvent(store: Store, event: DetectorEvent, ctx: Clocked): Promise<void> {
  const tenantId = event.tenantId;
  let signals: Signal[] = [];
  if (isOrderEvent(event)) {
    const before = await store.loadOrder(tenantId, event.payload.orderId);
    const order = evolveOrder(before, event);
    if (order !== before) await store.saveOrder(order);
    signals = orderRules({ event, order, policy: ctx.policy });
  } else if (isShipmentEvent(event)) {
    const before = await store.loadShipment(tenantId, event.payload.shipmentId);
    const shipment = evolveShipment(before, event);
    await store.saveShipment(shipment);
    const order = await store.loadOrder(tenantId, shipment.orderId);
    const input = {
      event,
      shipment,
      policy: ctx.policy,
      ...(before ? { before } : {}),
      ...(order ? { order } : {}),
    };
    signals = [...shippedSignals(input), ...shipmentRules(input)];
  } else if (event.type === 'wms.inventory.adjusted') {
    const inv = event as InventoryAdjusted;
    const orders = await store.ordersWithSku(tenantId, inv.payload.sku);
    signals = inventoryRules({ event: inv, orders, policy: ctx.policy });
  }
  await applySignals(store, tenantId, signals, ctx, event.eventId);
}

/** A source event seen on a source topic: feed health only. */
export async function handleFeedEvent(
  store: Store,
  seen: { tenantId: string; sourceSystem: string; eventId: string; type: string },
  ctx: Clocked,
): Promise<void> {
  await applySignals(
    store,
    seen.tenantId,
    feedRules({ ...seen, seenAt: ctx.now }, ctx.policy),
    ctx,
    seen.eventId,
  );
}

/** A durable timer fired (claimed once by the poller, in this same transaction). */
export async function handleTimer(store: Store, timer: TimerSpec, ctx: Clocked): Promise<void> {
  const causation = `${timer.timerId}@${timer.dueAt}`;
  if (timer.kind === 'sla_warning' || timer.kind === 'sla_breach') {
    const c: Case | undefined = timer.caseId
      ? await store.loadCase(timer.tenantId, timer.caseId)
      : undefined;
    if (c) await commit(store, onSlaTimer(ctx.policy, c, timer, ctx.now), ctx, causation);
    return;
  }
  const order =
    timer.subject.kind === 'order'
      ? await store.loadOrder(timer.tenantId, timer.subject.id)
      : undefined;
  const shipment =
    timer.subject.kind === 'shipment'
      ? await store.loadShipment(timer.tenantId, timer.subject.id)
      : undefined;
  const shipOrder = shipment ? await store.loadOrder(timer.tenantId, shipment.orderId) : undefined;
  const detections = onTimerFired({
    timer,
    policy: ctx.policy,
    ...((order ?? shipOrder) ? { order: (order ?? shipOrder)! } : {}),
    ...(shipment ? { shipment } : {}),
  });
  await applySignals(store, timer.tenantId, detections, ctx, causation);
}
