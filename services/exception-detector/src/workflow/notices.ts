import type { NotificationSent } from '@forewarn/contracts';
import type { Case } from '../domain/cases/case.js';
import { decideNotified, type NoticeSent } from '../domain/cases/notified.js';
import type { Subject } from '../domain/types.js';
import { commit, type Clocked } from './engine.js';
import type { Store } from './store.js';

/**
 * notification.sent: the customer was told. The notice marks the case it was about (its caseId)
 * and every case about the same shipment or order that cites the event the notice was sent for
 * (a "delayed" notice for an ETA event marks the carrier-delay case opened from that event).
 * Notices about other events (shipped, delivered) tell the customer nothing about an exception.
 */
export async function handleNotice(
  store: Store,
  event: NotificationSent,
  ctx: Clocked,
): Promise<void> {
  const p = event.payload;
  const notice: NoticeSent = {
    notificationId: p.notificationId,
    sentAt: p.sentAt,
    channel: p.channel,
    template: p.template,
    triggerEventId: p.triggerEventId,
  };
  await store.recordNotice({ ...notice, ...(p.caseId ? { caseId: p.caseId } : {}) });
  const subjects: Subject[] = [
    ...(p.shipmentId ? [{ kind: 'shipment' as const, id: p.shipmentId }] : []),
    ...(p.orderId ? [{ kind: 'order' as const, id: p.orderId }] : []),
  ];
  const named = p.caseId ? await store.loadCase(p.caseId) : undefined;
  const citing = await store.casesCiting(subjects, p.triggerEventId);
  const cases = new Map<string, Case>();
  for (const c of [...(named ? [named] : []), ...citing]) cases.set(c.caseId, c);
  for (const c of cases.values())
    await commit(store, decideNotified(c, notice, ctx.now), ctx, `notice:${p.notificationId}`);
}
