import { noChange, type Case, type Decision } from './case.js';

/** A notice the notification service reports as sent (notification.sent). */
export interface NoticeSent {
  notificationId: string;
  sentAt: string;
  channel: string;
  template: string;
  triggerEventId: string;
}

/**
 * We told the customer: the case records the first time it happened. Requests that arrived
 * after that moment were asked after we told them, so they no longer count against the
 * proactive ratio even if the notice was reported late. A later notice changes nothing.
 */
export function decideNotified(c: Case, n: NoticeSent, now: Date): Decision {
  const first = c.customerNotifiedAt;
  if (c.customerNotified && (!first || Date.parse(first) <= Date.parse(n.sentAt)))
    return noChange(c);
  const toldAt = Date.parse(n.sentAt);
  const at = now.toISOString();
  return {
    case: {
      ...c,
      customerNotified: true,
      customerNotifiedAt: n.sentAt,
      requests: c.requests.map((r) =>
        r.beforeWeNotified && Date.parse(r.at) >= toldAt ? { ...r, beforeWeNotified: false } : r,
      ),
      updatedAt: at,
      version: c.version + 1,
    },
    emits: [
      {
        type: 'case.updated',
        change: 'customer_contacted',
        newEvidence: [],
        note: `Customer notified by ${n.channel} (${n.template}) at ${n.sentAt}`,
      },
    ],
    timers: [],
    audit: [
      {
        at,
        actor: 'notification-service',
        action: 'customer_notified',
        detail: { ...n },
      },
    ],
  };
}
