/* global document, Node */
// Small DOM and formatting helpers. Text always goes in as text nodes, never as HTML.

/**
 * @param {string} tag
 * @param {Record<string, unknown> | null} [attrs]
 * @param {...(Node | string | number | null | undefined | false | (Node | string)[])} children
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** 'late_shipment_risk' → 'Late shipment risk' */
export const label = (s) =>
  s
    ? String(s)
        .replace(/[_.-]+/g, ' ')
        .replace(/^./, (c) => c.toUpperCase())
    : '—';

const ROLES = {
  csr: 'CSR',
  team_lead: 'Team lead',
  ops_manager: 'Operations manager',
  executive: 'Executive',
};
export const roleName = (r) => ROLES[r] ?? label(r);

const A_ROLE = {
  team_lead: 'a team lead',
  ops_manager: 'an operations manager',
  executive: 'an executive',
};
/** "a team lead", "an operations manager": a role in a sentence. */
export const aRole = (r) => A_ROLE[r] ?? roleName(r);

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** @param {string | null | undefined} iso */
export const when = (iso) => (iso ? dateFmt.format(new Date(iso)) : '—');
export const timeEl = (iso) => (iso ? h('time', { datetime: iso }, when(iso)) : '—');

/** @param {{ amountMinor: number, currency: string } | undefined} m */
export function money(m) {
  if (!m) return '';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: m.currency }).format(
      m.amountMinor / 100,
    );
  } catch {
    return `${(m.amountMinor / 100).toFixed(2)} ${m.currency}`;
  }
}

const SLA = {
  on_track: { text: 'Due', cls: 'due', filter: 'Due (on track)' },
  at_risk: { text: 'Warning', cls: 'warning', filter: 'Warning (at risk)' },
  breached: { text: 'Breached', cls: 'breached', filter: 'Breached' },
  paused: { text: 'Paused', cls: 'paused', filter: 'Paused (waiting on customer)' },
  closed: { text: 'Closed', cls: 'closed', filter: 'Closed' },
};
/** The SLA filter's wording, matching the badges. */
export const slaStateName = (s) => SLA[s]?.filter ?? label(s);

/** The SLA badge: state in words (not colour alone) and the next deadline. */
export function slaBadge(summary) {
  const s = SLA[summary.slaState] ?? { text: label(summary.slaState), cls: 'closed' };
  return h(
    'span',
    { class: `badge sla-${s.cls}`, dataset: { sla: summary.slaState } },
    h('strong', null, s.text),
    summary.nextDueAt ? [' ', timeEl(summary.nextDueAt)] : null,
  );
}

const SOURCES = {
  order: 'ERP',
  shipment: 'Carrier',
  inventory: 'WMS',
  wms: 'WMS',
  customer: 'Customer',
  notification: 'Notice',
  feed: 'Feed',
  source: 'Feed',
};

/** What each audit action says, as the rest of a sentence after who did it. */
const DID = {
  opened: () => 'opened the case',
  claimed: () => 'took the case',
  commented: () => 'wrote a comment',
  resolved: () => 'resolved the case',
  auto_resolved: () => 'closed the case: the problem went away on its own',
  reopened: () => 'reopened the case',
  escalated: (d) => `escalated the case${d.to ? ` to ${String(d.to).toUpperCase()}` : ''}`,
  remedy_changed: (d) =>
    `changed the remedy${d.to?.description ? ` to “${d.to.description}”` : ''}`,
  waiting_on_customer: () => 'put the case on hold until the customer answers',
  customer_replied: () => 'recorded the customer’s reply',
  customer_notified: () => 'told the customer',
  customer_request_joined: () => 'joined a request the customer made to this case',
  evidence_added: () => 'added new evidence',
  merged: (d) => `merged the case${d.into ? ` into ${String(d.into).slice(0, 8)}` : ''}`,
  assigned: (d) => `assigned the case${d.to ? ` to ${d.to}` : ''}`,
  remedy_approved: (d) => `approved the remedy “${d.remedy?.description ?? ''}”`,
  remedy_declined: (d) => `declined the remedy “${d.remedy?.description ?? ''}”`,
  reassigned: (d) =>
    `reassigned the case to ${d.to?.userId ? `${d.to.userId} in the ${d.to.queue} queue` : `the ${d.to?.queue} queue, unassigned`}`,
};

/** An audit entry in words: who (and as what), what they did, what they said. */
export const auditText = (a) => {
  const d = a.detail ?? {};
  const said = d.text ?? d.reason ?? d.note;
  const who = a.actor === 'detector' ? 'Forewarn' : a.actor;
  const as = a.role ? ` (${roleName(a.role)})` : '';
  const did = DID[a.action]?.(d) ?? label(a.action).toLowerCase();
  return `${who}${as} ${did}${said ? ` — “${said}”` : ''}`;
};

/** A case the customer asked for is worded as their request, not as a detection. */
export const openingText = (c, a) =>
  c.origin === 'customer' && a.action === 'opened'
    ? `The customer asked us to ${label(c.requests?.[0]?.requestType ?? c.caseType).toLowerCase()}${c.requests?.[0]?.message ? ` — “${c.requests[0].message}”` : ''}`
    : auditText(a);

/**
 * One timeline of everything known about the case, oldest first: the source events it cites
 * (ERP, WMS, carrier, customer requests), the notice to the customer, and what staff and the
 * detector did (the audit trail).
 */
export function unifiedTimeline(c, audit) {
  const items = [
    ...(c.evidence ?? []).map((e) => ({
      at: e.occurredAt,
      source: SOURCES[String(e.type).split('.')[0]] ?? label(String(e.type).split('.')[0]),
      kind: e.type,
      text: e.summary,
    })),
    ...(c.customerNotifiedAt
      ? [{ at: c.customerNotifiedAt, source: 'Notice', kind: 'notified', text: 'Customer told' }]
      : []),
    ...audit.map((a) => ({
      at: a.at,
      source: a.actor === 'detector' ? 'Forewarn' : 'Staff',
      kind: a.action,
      text: openingText(c, a),
    })),
  ];
  return items
    .map((item, i) => ({ item, i }))
    .sort((x, y) => Date.parse(x.item.at) - Date.parse(y.item.at) || x.i - y.i)
    .map((x) => x.item);
}
