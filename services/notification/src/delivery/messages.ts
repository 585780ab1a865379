import type { OutgoingMessage } from '../channels/provider.js';
import type { SendGroup } from '../db/claim.js';
import { providerKey, type NoticeRow } from '../db/notice-row.js';
import type { TemplateStore } from '../templates/template-store.js';

function render(templates: TemplateStore, n: NoticeRow) {
  return templates.render(n.language, n.template, { ...n.context, timeZone: n.time_zone });
}

function noticePayload(n: NoticeRow, subject: string, text: string) {
  return {
    id: n.notice_id,
    type: n.template,
    language: n.language,
    customerId: n.customer_id,
    orderId: n.order_id,
    poNumber: n.context.poNumber ?? null,
    shipmentId: n.shipment_id,
    caseId: n.case_id,
    trackingReference: n.tracking_reference,
    triggerEventId: n.trigger_event_id,
    critical: n.critical,
    subject,
    text,
    data: n.context,
  };
}

/** The one message a send group becomes: a notice, or a digest of a contact's notices. */
export function buildMessage(templates: TemplateStore, group: SendGroup): OutgoingMessage {
  const first = group.notices[0]!;
  if (!group.batchId) {
    const rendered = render(templates, first);
    return {
      messageId: first.notice_id,
      contactId: first.contact_id,
      idempotencyKey: providerKey(first),
      address: first.address,
      rendered,
      payload: noticePayload(first, rendered.subject, rendered.text),
    };
  }
  const items = group.notices.map((n) => {
    const r = render(templates, n);
    return { notice: n, subject: r.subject, text: r.text };
  });
  const rendered = templates.render(first.language, 'digest', {
    customerName: first.context.customerName,
    count: items.length,
    items: items.map((i) => ({ subject: i.subject, text: i.text })),
    timeZone: first.time_zone,
  });
  return {
    messageId: group.batchId,
    contactId: first.contact_id,
    idempotencyKey: `digest-${group.batchId}-${Math.max(...group.notices.map((n) => n.resends))}`,
    address: first.address,
    rendered,
    payload: {
      id: group.batchId,
      type: 'digest',
      language: first.language,
      customerId: first.customer_id,
      notices: items.map((i) => noticePayload(i.notice, i.subject, i.text)),
    },
  };
}
