// The case detail page, rendered from GET /cases/{id}.
import { actionsSection } from './case-actions.js';
import { caseNoticesSection } from './case-notices.js';
import {
  aRole,
  auditText,
  h,
  label,
  money,
  roleName,
  slaBadge,
  timeEl,
  unifiedTimeline,
  when,
} from './view.js';

const row = (name, value) => h('div', null, h('dt', null, name), h('dd', null, value ?? '—'));

/** Where a remedy over the CSR's credit limit stands: waiting, approved or declined, and by whom. */
function approvalNote(a) {
  if (!a) return null;
  const by = a.by ? `${a.by}${a.role ? ` (${roleName(a.role)})` : ''}` : '';
  const why = a.reason ? `: “${a.reason}”` : '';
  const text = {
    pending: [
      h('strong', null, 'Awaiting approval'),
      ` by ${aRole(a.needs)} or above: it is over a CSR's credit limit.`,
    ],
    approved: [h('strong', null, 'Approved'), ` by ${by}, ${when(a.at)}${why}.`],
    declined: [
      h('strong', null, 'Declined'),
      ` by ${by}, ${when(a.at)}${why}. Propose another remedy to offer the customer.`,
    ],
  }[a.status];
  return h(
    'p',
    {
      id: 'remedy-approval',
      class: `approval approval-${a.status}`,
      dataset: { status: a.status },
    },
    text,
  );
}

function remedySection(c) {
  const r = c.remedy;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'remedy-title' },
    h('h2', { id: 'remedy-title' }, 'Suggested remedy'),
    r
      ? h(
          'p',
          { class: 'remedy' },
          h('strong', null, r.description),
          ` (${label(r.kind)}${r.amount ? `, ${money(r.amount)}` : ''}${r.dueBy ? `, by ${when(r.dueBy)}` : ''})`,
        )
      : h('p', null, 'No remedy.'),
    approvalNote(c.remedyApproval),
    c.remedySetBy ? h('p', { class: 'sub' }, `Set by ${c.remedySetBy}.`) : null,
    c.remedyReasoning?.length
      ? h(
          'ul',
          { 'aria-label': 'Why this remedy' },
          c.remedyReasoning.map((x) => h('li', null, x)),
        )
      : null,
  );
}

function wordingSection(wording) {
  const names = {
    opening: 'Opening',
    followUp: 'Follow-up',
    escalation: 'Escalation (in writing)',
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'wording-title' },
    h('h2', { id: 'wording-title' }, 'What to say'),
    Object.entries(wording).map(([k, text]) =>
      h(
        'figure',
        { class: 'wording' },
        h('figcaption', null, names[k] ?? label(k)),
        h('blockquote', null, text),
      ),
    ),
  );
}

function timelineSection(c, audit) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, 'Timeline'),
    h(
      'ol',
      { class: 'timeline' },
      unifiedTimeline(c, audit).map((t) =>
        h(
          'li',
          { dataset: { kind: t.kind } },
          timeEl(t.at),
          ' ',
          h('span', { class: `source src-${t.source.toLowerCase()}` }, t.source),
          ' ',
          t.text,
        ),
      ),
    ),
  );
}

function auditSection(audit) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'audit-title' },
    h('h2', { id: 'audit-title' }, 'Audit trail'),
    h(
      'table',
      { class: 'audit' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['When', 'Who', 'Role', 'Action', 'Detail'].map((x) => h('th', { scope: 'col' }, x)),
        ),
      ),
      h(
        'tbody',
        null,
        audit.map((a) =>
          h(
            'tr',
            null,
            h('td', null, timeEl(a.at)),
            h('td', null, a.actor),
            h('td', null, a.role ? roleName(a.role) : '—'),
            h('td', null, label(a.action)),
            h(
              'td',
              null,
              auditText(a),
              h(
                'details',
                { class: 'raw' },
                h('summary', null, 'Raw'),
                h('pre', null, h('code', null, JSON.stringify(a.detail ?? {}, null, 2))),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * The case page: facts, why it opened, remedy, wording, the actions the role may take, the
 * unified timeline and the audit trail. `act(caseId, action, body, title)` runs an action.
 */
export function caseView(d, me, act) {
  const { summary: s, case: c, audit } = d;
  const p = c.party ?? {};
  return [
    h('p', null, h('a', { href: '#/' }, '← Back to the queue')),
    h('h1', { id: 'case-title', tabindex: -1 }, s.title),
    h(
      'div',
      { class: 'case-head' },
      slaBadge(s),
      h('span', { class: 'badge' }, label(s.status)),
      h('span', { class: 'badge' }, `Level ${s.escalationLevel.toUpperCase()}`),
      h('span', { class: 'badge' }, `${label(s.priority)} priority`),
    ),
    h(
      'dl',
      { class: 'facts' },
      row('Case', h('code', null, s.caseId)),
      row('Type', label(s.caseType)),
      row(
        'Customer',
        `${p.customerName ?? p.customerId ?? '—'}${s.customerTier ? ` (${label(s.customerTier)})` : ''}`,
      ),
      row(
        'Order',
        [p.orderId, p.poNumber ? `PO ${p.poNumber}` : null].filter(Boolean).join(' · ') || '—',
      ),
      row('Shipment', [p.shipmentId, p.trackingNumber].filter(Boolean).join(' · ') || '—'),
      row('Queue', s.assignee.queue),
      row('Owner', s.assignee.userId ?? 'unassigned'),
      row('Opened', timeEl(s.openedAt)),
      row(
        'First response due',
        c.sla?.firstRespondedAt
          ? `answered ${when(c.sla.firstRespondedAt)}`
          : timeEl(c.sla?.firstResponseDueAt),
      ),
      row('Resolution due', timeEl(c.sla?.resolutionDueAt)),
      row('SLA calendar', d.slaCalendar),
      row(
        'Customer requests',
        c.requests?.length
          ? h(
              'ul',
              { class: 'plain', 'aria-label': 'Customer requests' },
              c.requests.map((q) =>
                h(
                  'li',
                  null,
                  `${label(q.requestType)}, ${when(q.at)}${q.beforeWeNotified ? ' (asked before we told them)' : ''}`,
                ),
              ),
            )
          : 'none',
      ),
      row(
        'Linked cases',
        c.linkedCaseIds?.length
          ? c.linkedCaseIds.flatMap((id, i) => [
              i > 0 ? ', ' : null,
              h('a', { href: `#/cases/${id}` }, h('code', null, id.slice(0, 8))),
            ])
          : 'none',
      ),
      row(
        'Customer told',
        c.customerNotified
          ? `yes${c.customerNotifiedAt ? `, ${when(c.customerNotifiedAt)}` : ''}`
          : 'not yet',
      ),
    ),
    h(
      'section',
      { class: 'card why', 'aria-labelledby': 'why-title' },
      h('h2', { id: 'why-title' }, 'Why it opened'),
      h('p', null, c.explanation),
      h('h3', null, 'Evidence'),
      h(
        'ul',
        { class: 'evidence' },
        (c.evidence ?? []).map((e) =>
          h('li', null, timeEl(e.occurredAt), ' ', h('code', null, e.type), ' ', e.summary),
        ),
      ),
      c.resolution
        ? h(
            'p',
            { class: 'resolution' },
            `Resolved by ${c.resolution.by}, ${when(c.resolution.at)} (${label(c.resolution.kind).toLowerCase()}${c.resolution.slaMet ? ', SLA met' : ', SLA missed'}): ${c.resolution.reason}`,
          )
        : null,
    ),
    h(
      'div',
      { class: 'columns' },
      h('div', null, remedySection(c), wordingSection(d.wording)),
      actionsSection(c, s, me, act),
    ),
    caseNoticesSection(),
    timelineSection(c, audit),
    auditSection(audit),
  ];
}
