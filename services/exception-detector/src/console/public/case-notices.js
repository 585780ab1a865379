// The notices the notification service sent on a case, for the case page: what went to whom,
// by which channel, and how each delivery attempt went. The figures are the service's own.
import { h, label, timeEl } from './view.js';

const STATUS = {
  pending: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  bounced: 'Bounced',
  dead: 'Failed for good',
  unknown: 'Outcome unknown',
};
/** A notice's status in words; an unknown one as it came. */
export const noticeStatusName = (s) => STATUS[s] ?? label(s);

const cols = ['Created', 'Notice', 'To', 'Channel', 'Status', 'Attempts', 'Sent'];

function noticesTable(id, caption, notices) {
  return h(
    'table',
    { class: 'notices', id },
    h('caption', null, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        cols.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      null,
      notices.map((n) =>
        h(
          'tr',
          { dataset: { noticeId: n.noticeId, status: n.status } },
          h('td', { dataset: { col: 'Created' } }, timeEl(n.createdAt)),
          h(
            'td',
            { dataset: { col: 'Notice' } },
            label(n.template),
            n.critical ? h('span', { class: 'badge' }, 'critical') : null,
            n.lastError ? h('div', { class: 'sub' }, n.lastError) : null,
          ),
          h('td', { dataset: { col: 'To' } }, n.address, h('div', { class: 'sub' }, n.contactId)),
          h('td', { dataset: { col: 'Channel' } }, label(n.channel)),
          h('td', { dataset: { col: 'Status' } }, noticeStatusName(n.status)),
          h('td', { dataset: { col: 'Attempts' } }, String(n.attempts)),
          h('td', { dataset: { col: 'Sent' } }, timeEl(n.sentAt)),
        ),
      ),
    ),
  );
}

/**
 * The notices sent on the case, then those about its order that were not (an order's own
 * notices, such as its confirmation or a backorder, tell the customer about it too).
 * @param {{ notices: any[] } | undefined} onCase GET /v1/notices?caseId= from the notification
 *   service; undefined when it did not answer
 * @param {{ notices: any[] } | undefined} [aboutOrder] GET /v1/notices?orderId=
 * @param {string} [why] what went wrong, when it did not answer
 */
export function caseNoticesBody(onCase, aboutOrder, why) {
  if (!onCase)
    return [
      h(
        'p',
        { class: 'muted' },
        `The notification service did not answer${why ? `: ${why}` : ''}.`,
      ),
    ];
  const seen = new Set(onCase.notices.map((n) => n.noticeId));
  const more = (aboutOrder?.notices ?? []).filter((n) => !seen.has(n.noticeId));
  return [
    onCase.notices.length
      ? noticesTable('case-notices', 'On this case, newest first', onCase.notices)
      : h('p', { id: 'case-notices-none' }, 'No notice has been sent on this case.'),
    more.length
      ? noticesTable('order-notices', 'About its order, not on this case, newest first', more)
      : null,
  ].filter(Boolean);
}

/** The section, empty until the notification service answers (the case shows first). */
export function caseNoticesSection() {
  return h(
    'section',
    { class: 'card', id: 'case-notices-card', 'aria-labelledby': 'notices-title' },
    h('h2', { id: 'notices-title' }, 'Notices sent'),
    h('div', { id: 'case-notices-slot' }, h('p', { class: 'muted' }, 'Loading…')),
  );
}
