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

/**
 * @param {{ notices: any[] } | undefined} doc GET /v1/notices?caseId= from the notification
 *   service; undefined when it did not answer
 * @param {string} [why] what went wrong, when it did not
 */
export function caseNoticesBody(doc, why) {
  if (!doc)
    return h(
      'p',
      { class: 'muted' },
      `The notification service did not answer${why ? `: ${why}` : ''}.`,
    );
  if (doc.notices.length === 0) return h('p', null, 'No notice has been sent on this case.');
  return h(
    'table',
    { class: 'notices', id: 'case-notices' },
    h('caption', { class: 'visually-hidden' }, 'Notices on this case, newest first'),
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
      doc.notices.map((n) =>
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

/** The section, empty until the notification service answers (the case shows first). */
export function caseNoticesSection() {
  return h(
    'section',
    { class: 'card', id: 'case-notices-card', 'aria-labelledby': 'notices-title' },
    h('h2', { id: 'notices-title' }, 'Notices sent'),
    h('div', { id: 'case-notices-slot' }, h('p', { class: 'muted' }, 'Loading…')),
  );
}
