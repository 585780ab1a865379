import { bool, doc, enumOf, id, instant, int, optional, record, str } from '../dsl/index.js';
import { defineEvent } from '../envelope.js';
import { TOPIC } from '../topic-names.js';

// Emitted by the notification service, keyed by notificationId (one per recipient and trigger
// event), so a failure and the retry that succeeds stay in order.

function notificationHeader() {
  return {
    notificationId: doc(id(), 'Stable per (recipient, trigger event): the at-most-once key'),
    customerId: id(),
    recipient: record('Recipient', {
      contactId: id(),
      address: doc(optional(str()), 'Email, phone or URL'),
    }),
    channel: enumOf('NotificationChannel', ['email', 'sms', 'webhook']),
    template: doc(id(), 'Template key, e.g. shipment.delayed'),
    language: str({ pattern: /^[a-z]{2}(-[A-Z]{2})?$/ }),
    triggerEventId: id(),
    triggerType: id(),
    caseId: optional(id()),
    orderId: optional(id()),
    shipmentId: optional(id()),
    trackingReference: optional(id()),
    proactive: doc(bool(), 'Sent before the customer contacted us about it'),
    attempt: int({ min: 1 }),
  };
}

export const notificationSent = defineEvent({
  type: 'notification.sent',
  version: 2,
  schemaId: 1351,
  earlier: [{ version: 1, schemaId: 1301, envelope: 1 }],
  topic: TOPIC.notifications,
  summary: 'A notice reached the channel provider',
  payload: () => ({
    ...notificationHeader(),
    sentAt: instant(),
    providerMessageId: optional(str()),
  }),
});

export const notificationFailed = defineEvent({
  type: 'notification.failed',
  version: 2,
  schemaId: 1352,
  earlier: [{ version: 1, schemaId: 1302, envelope: 1 }],
  topic: TOPIC.notifications,
  summary: 'Sending a notice failed; retryAt is null when no further attempt will be made',
  payload: () => ({
    ...notificationHeader(),
    failedAt: instant(),
    error: str(),
    retriable: bool(),
    retryAt: optional(instant()),
  }),
});
