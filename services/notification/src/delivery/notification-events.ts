import type { OutboxEvent } from '@forewarn/db';
import { encodeEvent, eventTypeByName, TOPIC } from '@forewarn/contracts';
import { ID_SCHEMES, nameUuid } from '@forewarn/runtime/platform';
import type { NoticeRow } from '../db/notice-row.js';

const SOURCE = 'forewarn:notification-service';

function header(n: NoticeRow, proactive: boolean) {
  return {
    notificationId: n.notice_id,
    customerId: n.customer_id,
    recipient: { contactId: n.contact_id, address: n.address },
    channel: n.channel,
    template: n.template,
    language: n.language,
    triggerEventId: n.trigger_event_id,
    triggerType: n.trigger_type,
    caseId: n.case_id,
    orderId: n.order_id,
    shipmentId: n.shipment_id,
    trackingReference: n.tracking_reference,
    proactive,
    attempt: n.attempts,
  };
}

function envelope(n: NoticeRow, type: string, kind: string, at: Date) {
  return {
    // Same notice, attempt and outcome → same id, so a replayed record emits nothing new.
    eventId: nameUuid(
      ID_SCHEMES.notification,
      n.notice_id,
      kind,
      String(n.attempts),
      String(n.resends),
    ),
    type,
    // The newest version of the type (its envelope has no tenantId).
    schemaVersion: eventTypeByName(type)?.version ?? 1,
    sourceSystem: SOURCE,
    occurredAt: at.toISOString(),
    causationId: n.trigger_event_id,
    refs: {
      customerId: n.customer_id,
      ...(n.order_id ? { orderId: n.order_id } : {}),
      ...(n.shipment_id ? { shipmentId: n.shipment_id } : {}),
      ...(n.tracking_reference ? { trackingNumbers: [n.tracking_reference] } : {}),
    },
  };
}

function toOutbox(event: { eventId: string }, key: string): OutboxEvent {
  return { eventId: event.eventId, topic: TOPIC.notifications, key, value: encodeEvent(event) };
}

export function sentEvent(
  n: NoticeRow,
  at: Date,
  proactive: boolean,
  providerMessageId: string | undefined,
): OutboxEvent {
  const event = {
    ...envelope(n, 'notification.sent', 'sent', at),
    payload: {
      ...header(n, proactive),
      sentAt: at.toISOString(),
      providerMessageId: providerMessageId ?? null,
    },
  };
  return toOutbox(event, n.notice_id);
}

export function failedEvent(
  n: NoticeRow,
  at: Date,
  proactive: boolean,
  error: string,
  retriable: boolean,
  retryAt: Date | null,
): OutboxEvent {
  const event = {
    ...envelope(n, 'notification.failed', 'failed', at),
    payload: {
      ...header(n, proactive),
      failedAt: at.toISOString(),
      error: error.slice(0, 500),
      retriable,
      retryAt: retryAt?.toISOString() ?? null,
    },
  };
  return toOutbox(event, n.notice_id);
}
