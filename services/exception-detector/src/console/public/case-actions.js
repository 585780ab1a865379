/* global FormData */
// The actions a role may take on a case, each a small form whose values become the request body.
import { abilitiesFor } from './abilities.js';
import { h, label, roleName } from './view.js';

const RESOLUTIONS = [
  ['resolved_by_csr', 'Resolved'],
  ['customer_accepted', 'Customer accepted'],
  ['closed_no_action', 'Closed, no action'],
];

const field = (id, text, control) =>
  h('div', { class: 'field' }, h('label', { for: id }, text), control);
const select = (id, name, options, selected) =>
  h(
    'select',
    { id, name },
    options.map(([value, text]) => h('option', { value, selected: value === selected }, text)),
  );
const reasonField = (action) =>
  field(
    `${action}-reason`,
    'Reason',
    h('input', { id: `${action}-reason`, name: 'reason', required: true }),
  );
const str = (fd, name) => String(fd.get(name) ?? '').trim();

function remedyForm(r, kinds) {
  const currency = r.amount?.currency ?? 'USD';
  return {
    action: 'remedy',
    title: 'Change remedy',
    submit: 'Change remedy',
    fields: [
      field(
        'remedy-kind',
        'Kind',
        select(
          'remedy-kind',
          'kind',
          kinds.map((k) => [k, label(k)]),
          r.kind,
        ),
      ),
      field(
        'remedy-percent',
        'Credit %',
        h('input', {
          id: 'remedy-percent',
          name: 'creditPercent',
          type: 'number',
          min: 0,
          max: 100,
          step: 1,
          value: r.creditPercent,
        }),
      ),
      field(
        'remedy-amount',
        `Amount (${currency})`,
        h('input', {
          id: 'remedy-amount',
          name: 'amount',
          type: 'number',
          min: 0,
          step: '0.01',
          value: r.amount ? (r.amount.amountMinor / 100).toFixed(2) : undefined,
        }),
      ),
      field(
        'remedy-description',
        'Description',
        h('input', { id: 'remedy-description', name: 'description', value: r.description }),
      ),
      reasonField('remedy'),
    ],
    // Left to the API to judge (credit limits per role, a description is required).
    body: (fd) => ({
      reason: str(fd, 'reason'),
      remedy: {
        kind: str(fd, 'kind'),
        description: str(fd, 'description'),
        ...(str(fd, 'creditPercent') ? { creditPercent: Number(str(fd, 'creditPercent')) } : {}),
        ...(str(fd, 'amount')
          ? { amount: { amountMinor: Math.round(Number(str(fd, 'amount')) * 100), currency } }
          : {}),
      },
    }),
  };
}

/**
 * The picker's choices: keep the owner (or leave it to the queue), then each person who may work
 * the case as GET /v1/assignees lists them, the current owner marked. Never free text: the API
 * refuses a name no one signs in with.
 * @param {{ userId: string | null }} current
 * @param {{ userId: string, role: string }[]} assignees
 */
export const assigneeOptions = (current, assignees) => [
  ['', current.userId ? `Keep ${current.userId}` : 'Unassigned (the queue picks it up)'],
  ...assignees.map((a) => [
    a.userId,
    `${a.userId} (${roleName(a.role)})${a.userId === current.userId ? ' (current)' : ''}`,
  ]),
];

/** A team lead and above move the case: to a named user, another queue, or both. */
function reassignForm(summary, queues, assignees) {
  const current = summary.assignee;
  return {
    action: 'reassign',
    title: 'Reassign',
    submit: 'Reassign case',
    fields: [
      field(
        'reassign-user',
        'To user',
        select('reassign-user', 'userId', assigneeOptions(current, assignees), ''),
      ),
      field(
        'reassign-queue',
        'To queue',
        select(
          'reassign-queue',
          'queue',
          queues.map((q) => [q, q === current.queue ? `${q} (current)` : q]),
          current.queue,
        ),
      ),
      field(
        'reassign-reason',
        'Reason (optional)',
        h('input', { id: 'reassign-reason', name: 'reason', autocomplete: 'off' }),
      ),
    ],
    // Only what changes: a new queue alone leaves the case to that queue's members.
    body: (fd) => ({
      ...(str(fd, 'userId') ? { userId: str(fd, 'userId') } : {}),
      ...(str(fd, 'queue') && str(fd, 'queue') !== current.queue
        ? { queue: str(fd, 'queue') }
        : {}),
      ...(str(fd, 'reason') ? { reason: str(fd, 'reason') } : {}),
    }),
  };
}

function actionForm({ action, title, submit, fields, body }, run) {
  const form = h(
    'form',
    { class: 'action', id: `form-${action}`, 'aria-labelledby': `action-${action}` },
    h('h3', { id: `action-${action}` }, title),
    fields,
    h('button', { type: 'submit' }, submit),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(action, body(new FormData(form)), title);
  });
  return form;
}

/**
 * @param {Record<string, any>} c the case
 * @param {Record<string, any>} summary its summary
 * @param {{ name: string | null, role: string, vocabulary: Record<string, string[]> }} me
 * @param {(caseId: string, action: string, body: unknown, title: string) => Promise<void>} act
 */
export function actionsSection(c, summary, me, act) {
  const can = abilitiesFor(me, summary, c.remedyApproval);
  const run = (action, body, title) => act(c.caseId, action, body, title);
  const button = (action, text, cls) =>
    h('button', { type: 'button', class: cls, onclick: () => run(action, {}, text) }, text);
  const buttons = [
    can.claim && button('claim', 'Claim'),
    can.waitOnCustomer && button('wait-on-customer', 'Wait on customer', 'secondary'),
    can.customerReplied && button('customer-replied', 'Customer replied', 'secondary'),
  ].filter(Boolean);
  const forms = [
    can.comment && {
      action: 'comment',
      title: 'Comment',
      submit: 'Add comment',
      fields: field(
        'comment-text',
        'Comment',
        h('textarea', { id: 'comment-text', name: 'text', rows: 3, required: true }),
      ),
      body: (fd) => ({ text: str(fd, 'text') }),
    },
    // A remedy over a CSR's limit waits for someone whose limit covers it.
    can.decideRemedy && {
      action: 'approve-remedy',
      title: 'Approve remedy',
      submit: 'Approve remedy',
      fields: field(
        'approve-note',
        'Note (optional)',
        h('input', { id: 'approve-note', name: 'note', autocomplete: 'off' }),
      ),
      body: (fd) => (str(fd, 'note') ? { note: str(fd, 'note') } : {}),
    },
    can.decideRemedy && {
      action: 'decline-remedy',
      title: 'Decline remedy',
      submit: 'Decline remedy',
      fields: reasonField('decline-remedy'),
      body: (fd) => ({ reason: str(fd, 'reason') }),
    },
    can.remedy && remedyForm(c.remedy ?? {}, me.vocabulary.remedyKinds),
    can.escalateTo.length > 0 && {
      action: 'escalate',
      title: 'Escalate',
      submit: 'Escalate',
      fields: [
        field(
          'escalate-to',
          'To level',
          select(
            'escalate-to',
            'to',
            can.escalateTo.map((l) => [
              l,
              l === 'executive' ? 'Executive review' : l.toUpperCase(),
            ]),
          ),
        ),
        reasonField('escalate'),
      ],
      body: (fd) => ({ to: str(fd, 'to'), reason: str(fd, 'reason') }),
    },
    can.reassign && reassignForm(summary, me.vocabulary.queues ?? [], me.assignees ?? []),
    can.resolve && {
      action: 'resolve',
      title: 'Resolve',
      submit: 'Resolve case',
      fields: [
        field(
          'resolve-resolution',
          'Resolution',
          select('resolve-resolution', 'resolution', RESOLUTIONS),
        ),
        reasonField('resolve'),
      ],
      body: (fd) => ({ resolution: str(fd, 'resolution'), reason: str(fd, 'reason') }),
    },
    can.reopen && {
      action: 'reopen',
      title: 'Reopen',
      submit: 'Reopen case',
      fields: reasonField('reopen'),
      body: (fd) => ({ reason: str(fd, 'reason') }),
    },
  ]
    .filter(Boolean)
    .map((spec) => actionForm(spec, run));
  return h(
    'section',
    { class: 'card actions', 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title' }, 'Actions'),
    buttons.length ? h('div', { class: 'buttons' }, buttons) : null,
    forms,
    buttons.length || forms.length
      ? null
      : h(
          'p',
          { class: 'muted' },
          `No action on this case is open to your role (${roleName(me.role)}).`,
        ),
  );
}
