/* global document, window, FormData, URLSearchParams */
import { ApiError, api, session } from './api.js';
import { EDI_READERS, KPI_ROLES, REASSIGNERS, viewsFor } from './abilities.js';
import { BULK_ACTIONS, bulkPlan, bulkSummary, reassignTarget, runBulk } from './bulk.js';
import { caseNoticesBody } from './case-notices.js';
import { caseView } from './case-view.js';
import {
  dashboardTiles,
  drawCasesChart,
  drawNoticeChart,
  drawTypesChart,
  ownerScope,
  ownerTiles,
  ownerTilesOf,
  seriesTable,
} from './dashboard.js';
import { deadLetterSections, ediTable, feedsTable } from './integrations.js';
import { drawKpiCharts, kpiSeriesOf } from './kpi-charts.js';
import {
  drawCarriersChart,
  drawSuppliersChart,
  scorecardTable,
  supplierTable,
} from './scorecards.js';
import {
  approvalsBadgeText,
  assigneeChoices,
  pendingFilterOptions,
  remedyMark,
} from './casework.js';
import { drawSupplierTrend, supplierPage, WINDOWS } from './supplier-page.js';
import { h, label, roleName, slaBadge, slaStateName, timeEl } from './view.js';

const $ = (id) => document.getElementById(id);
// ?pageSize=N on the page's address sets how many cases a page of the queue holds.
const PAGE_SIZE = Math.min(
  200,
  Math.max(1, Number(new URLSearchParams(window.location.search).get('pageSize')) || 25),
);
const state = {
  /** @type {{ name: string | null, role: string, vocabulary: Record<string, string[]> } | null} */
  me: null,
  filters: { status: 'open' },
  cursor: null,
  /** The queue's cases shown, by id, for bulk actions. @type {Map<string, any>} */
  shown: new Map(),
  /** Counts the dashboard's loads: an answer to an older one (a slower window) is dropped. */
  dashboardLoads: 0,
};

// ---- status and errors ------------------------------------------------------------------

function say(text) {
  $('status').textContent = text;
}

function clearError() {
  $('error').hidden = true;
  $('error').replaceChildren();
}

/** Shows a refusal as the API gave it: status, title, detail, code and each zod issue. */
function showError(err, doing) {
  const e =
    err instanceof ApiError ? err : new ApiError(0, { title: 'Error', detail: String(err) });
  const box = $('error');
  const parts = [
    h('h2', null, `${doing} failed: ${e.status ? `${e.status} ` : ''}${e.title}`),
    h('p', { class: 'detail' }, e.message),
    e.code ? h('p', { class: 'code' }, 'Code: ', h('code', null, e.code)) : null,
    e.issues.length
      ? h(
          'ul',
          { class: 'issues', 'aria-label': 'What was wrong' },
          e.issues.map((i) =>
            h(
              'li',
              null,
              h('code', null, [i.location, i.path].filter(Boolean).join(' ') || '(request)'),
              `: ${i.message}`,
            ),
          ),
        )
      : null,
    h('button', { type: 'button', class: 'secondary', onclick: clearError }, 'Dismiss'),
  ];
  // replaceChildren would print a null as text.
  box.replaceChildren(...parts.filter(Boolean));
  box.hidden = false;
  if (e.status === 401) signOut('Your key was refused; sign in again.');
}

async function attempt(doing, fn) {
  clearError();
  try {
    return await fn();
  } catch (err) {
    showError(err, doing);
    return undefined;
  }
}

// ---- sign in / out ------------------------------------------------------------------------

function show(view) {
  for (const id of [
    'sign-in',
    'dashboard-view',
    'scorecards-view',
    'integrations-view',
    'queue-view',
    'case-view',
    'supplier-view',
  ])
    $(id).hidden = id !== view;
  const heading = $(view).querySelector('h1');
  heading?.focus();
}

function signOut(message) {
  session.forget();
  state.me = null;
  $('who').hidden = true;
  $('nav').hidden = true;
  $('kpis').hidden = true;
  $('api-key').value = '';
  // Nothing about customers stays on the page once the key is gone.
  $('queue-rows').replaceChildren();
  state.shown.clear();
  $('case-view').replaceChildren();
  $('supplier-view').replaceChildren();
  $('approvals-badge').hidden = true;
  $('kpi-list').replaceChildren();
  $('dash-tiles-slot').replaceChildren();
  $('dash-series-slot').replaceChildren();
  $('kpi-charts').replaceChildren();
  $('feeds-slot').replaceChildren();
  $('scorecards-slot').replaceChildren();
  $('supplier-scorecards-slot').replaceChildren();
  $('dead-letters-slot').replaceChildren();
  state.filters = { status: 'open' };
  document.title = 'Forewarn · CSR console';
  show('sign-in');
  say(message ?? 'Signed out.');
}

async function signIn(key) {
  const me = await attempt('Signing in', () => api.session(key));
  if (!me) return false;
  session.keep(key);
  state.me = me;
  $('who-name').textContent = me.name ?? '(unnamed key)';
  $('who-role').textContent = roleName(me.role);
  $('who').hidden = false;
  $('nav').hidden = false;
  const views = viewsFor(me.role);
  $('nav-dashboard').hidden = !views.includes('dashboard');
  $('nav-queue').hidden = !views.includes('queue');
  $('nav-integrations').hidden = !views.includes('integrations');
  $('nav-scorecards').hidden = !views.includes('scorecards');
  fillFilterOptions(me.vocabulary);
  // Bulk reassignment is a team lead's and above (a CSR claims cases for themselves).
  const reassigns = REASSIGNERS.includes(me.role);
  for (const id of ['bulk-reassign', 'bulk-to-user', 'bulk-to-queue']) $(id).hidden = !reassigns;
  $('bulk-reassign').disabled = !reassigns;
  // Who a case may go to, as the API lists them: the reassign pickers offer no one else.
  const assignees = reassigns
    ? await attempt('Loading the assignees', () => api.assignees()).then((a) => a?.assignees)
    : undefined;
  state.me = { ...me, assignees: assignees ?? [] };
  fillBulkAssignees(state.me.assignees);
  $('f-remedy').replaceChildren(
    ...pendingFilterOptions(reassigns).map(([value, text]) => h('option', { value }, text)),
  );
  await refreshApprovals();
  return true;
}

/** The bulk form's user field: a picker of the assignees (empty: keep each case's owner). */
function fillBulkAssignees(assignees) {
  $('bulk-user').replaceChildren(
    ...assigneeChoices(assignees).map(([value, text]) => h('option', { value }, text)),
  );
}

// ---- remedies awaiting approval: a count for those who approve, linked to the queue's filter --

async function refreshApprovals() {
  const badge = $('approvals-badge');
  if (!state.me || !REASSIGNERS.includes(state.me.role)) {
    badge.hidden = true;
    return;
  }
  try {
    const n = await api.pendingApprovals();
    const text = approvalsBadgeText(n);
    badge.querySelector('.count').textContent = String(n.yours);
    badge.setAttribute('aria-label', text);
    badge.title = text;
    badge.dataset.yours = String(n.yours);
    badge.dataset.pending = String(n.pending);
    badge.hidden = false;
  } catch (err) {
    // The badge is a convenience: the queue's filter still finds them.
    badge.hidden = true;
    if (err instanceof ApiError && err.status === 401) showError(err, 'Counting approvals');
  }
}

// ---- KPI strip ----------------------------------------------------------------------------

const pct = (r) => (r === null || r === undefined ? 'n/a' : `${(r * 100).toFixed(1)} %`);

async function loadKpis() {
  if (!state.me || !KPI_ROLES.includes(state.me.role)) return;
  try {
    const k = await api.kpis();
    const open = Object.values(k.casesByType).reduce((n, t) => n + t.open, 0);
    const figure = (name, value) => h('div', null, h('dt', null, name), h('dd', null, value));
    $('kpi-list').replaceChildren(
      figure('Open cases', String(open)),
      figure('SLA attainment', pct(k.slaAttainment)),
      figure('Resolved within 24 h', pct(k.resolvedWithin24h)),
      figure('Resolved within 48 h', pct(k.resolvedWithin48h)),
      figure('Cases with a breach', String(k.breaches.cases)),
      figure(
        'Top failure modes',
        k.topFailureModes.map((m) => `${label(m.caseType)} (${m.opened})`).join(', ') || '—',
      ),
    );
    $('kpis').hidden = false;
  } catch (err) {
    // A role the API does not show KPIs to simply gets no strip.
    $('kpis').hidden = true;
    if (!(err instanceof ApiError && err.status === 403)) showError(err, 'Loading KPIs');
  }
}

// ---- queue --------------------------------------------------------------------------------

/** Options 'Any' then values, keeping the current choice when it is still offered. */
function fillSelect(select, values, name = label) {
  const current = select.value;
  select.replaceChildren(
    h('option', { value: '' }, 'Any'),
    ...values.map((x) => h('option', { value: x }, name(x))),
  );
  select.value = values.includes(current) ? current : '';
}

function fillFilterOptions(v) {
  fillSelect($('f-tier'), v.tiers ?? []);
  fillSelect($('f-type'), v.caseTypes ?? []);
  fillSelect($('f-sla'), v.slaStates ?? [], slaStateName);
  $('queues').replaceChildren(...(v.queues ?? []).map((q) => h('option', { value: q })));
}

function readFilters() {
  const data = new FormData($('filters'));
  return Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v).trim()]));
}

function writeFilters(f) {
  for (const el of $('filters').elements) if (el.name) el.value = f[el.name] ?? '';
  if (!$('f-status').value) $('f-status').value = 'open';
}

/** The remedy awaiting approval, marked on its row (whose approval it needs). */
function awaitingMark(c) {
  const text = state.me && remedyMark(state.me, c);
  return text ? h('span', { class: 'badge awaiting-approval' }, text) : null;
}

function queueRow(c) {
  return h(
    'tr',
    { dataset: { caseId: c.caseId } },
    h(
      'td',
      null,
      h('input', {
        type: 'checkbox',
        class: 'pick',
        value: c.caseId,
        'aria-label': `Select ${c.title}`,
        onchange: bulkCount,
      }),
    ),
    h('td', null, slaBadge(c)),
    h(
      'td',
      null,
      h('a', { href: `#/cases/${c.caseId}` }, c.title),
      h(
        'div',
        { class: 'sub' },
        `${label(c.subject.kind)} ${c.subject.id} · opened `,
        timeEl(c.openedAt),
      ),
      awaitingMark(c),
    ),
    h('td', null, label(c.caseType)),
    h('td', null, c.assignee.queue),
    h('td', null, c.assignee.userId ?? h('span', { class: 'muted' }, 'unassigned')),
    h('td', null, label(c.customerTier)),
    h('td', null, label(c.priority)),
    h('td', null, c.escalationLevel.toUpperCase()),
    h('td', null, label(c.status)),
  );
}

async function loadQueue(more = false) {
  const page = await attempt('Loading the queue', () =>
    api.queue(state.filters, more ? state.cursor : null, PAGE_SIZE),
  );
  if (!page) return;
  const rows = page.items.map(queueRow);
  if (!more) state.shown.clear();
  for (const c of page.items) state.shown.set(c.caseId, c);
  if (more) $('queue-rows').append(...rows);
  else $('queue-rows').replaceChildren(...rows);
  $('select-all').checked = false;
  bulkCount();
  state.cursor = page.nextCursor;
  $('load-more').hidden = !page.nextCursor;
  const shown = $('queue-rows').children.length;
  $('queue-empty').hidden = shown > 0;
  say(`${shown} case${shown === 1 ? '' : 's'} shown${page.nextCursor ? '; more to load' : ''}.`);
}

// ---- bulk actions: one per-case command on each selected case ------------------------------

const picked = () =>
  [...$('queue-rows').querySelectorAll('input.pick:checked')].map((x) => state.shown.get(x.value));

function bulkCount() {
  const n = picked().length;
  $('bulk-count').textContent = n ? `${n} selected.` : 'None selected.';
  $('bulk-apply').disabled = n === 0;
}

async function applyBulk() {
  const action = $('bulk-action').value;
  const reason = $('bulk-reason').value.trim();
  if (BULK_ACTIONS[action].needsReason && !reason) {
    showError(
      new ApiError(0, { title: 'Reason needed', detail: 'Say why, for each case’s audit trail.' }),
      BULK_ACTIONS[action].title,
    );
    $('bulk-reason').focus();
    return;
  }
  const to = reassignTarget($('bulk-user').value, $('bulk-queue').value);
  if (BULK_ACTIONS[action].needsTarget && !to.userId && !to.queue) {
    showError(
      new ApiError(0, { title: 'Say where', detail: 'Name a user, a queue or both.' }),
      BULK_ACTIONS[action].title,
    );
    $('bulk-user').focus();
    return;
  }
  clearError();
  const plan = bulkPlan(state.me, picked(), action, to);
  say(`${BULK_ACTIONS[action].title}: working on ${plan.run.length} cases…`);
  const results = await runBulk(
    plan,
    action,
    reason,
    (id, path, body) => api.act(id, path, body),
    to,
  );
  await loadQueue();
  const summary = bulkSummary(action, results, plan.skipped);
  say(summary);
  $('queue-view').dataset.bulk = summary;
  if (results.some((r) => !r.ok))
    showError(
      new ApiError(0, { title: 'Some refused', detail: summary }),
      BULK_ACTIONS[action].title,
    );
}

async function showQueue() {
  show('queue-view');
  document.title = 'Case queue · Forewarn console';
  writeFilters(state.filters);
  await Promise.all([loadQueue(), loadKpis(), refreshApprovals()]);
}

// ---- dashboard ----------------------------------------------------------------------------

function readDashFilters() {
  const data = new FormData($('dash-filters'));
  return Object.fromEntries(
    [...data.entries()].map(([k, v]) => [k, String(v)]).filter(([, v]) => v),
  );
}

async function showDashboard(params) {
  show('dashboard-view');
  document.title = 'Dashboard · Forewarn console';
  $('kpis').hidden = true;
  const filter = { days: '30', ...params };
  const load = ++state.dashboardLoads;
  const stale = () => load !== state.dashboardLoads;
  fillSelect($('d-tier'), state.me.vocabulary.tiers ?? []);
  for (const el of $('dash-filters').elements) if (el.name) el.value = filter[el.name] ?? '';
  const d = await attempt('Loading the dashboard', () => api.dashboard(filter));
  if (!d || stale()) return;
  fillSelect($('d-customer'), d.choices.customers, String);
  fillSelect($('d-carrier'), d.choices.carriers, String);
  fillSelect($('d-site'), d.choices.sites, String);
  for (const el of $('dash-filters').elements) if (el.name) el.value = filter[el.name] ?? '';
  $('dash-window').textContent =
    `Cases opened from ${d.window.since.slice(0, 10)} to ${d.window.until.slice(0, 10)} (UTC), ${d.window.days} days.`;
  $('dash-tiles-slot').replaceChildren(dashboardTiles(d, filter));
  // The owners' figures over the detector's window, so every tile is over the same days.
  // The owners split by the same customer, tier, site and carrier.
  const scope = ownerScope(filter);
  const [orders, told] = await Promise.all([
    api.orderKpis(d.window, scope).catch(() => undefined),
    api.proactivity(d.window, scope).catch(() => undefined),
  ]);
  if (stale()) return;
  $('dash-owner-slot').replaceChildren(ownerTiles(ownerTilesOf(orders, told)));
  $('chart-notice-figure').hidden = !told;
  if (told) drawNoticeChart($('chart-notice'), d, told);
  $('dash-series-slot').replaceChildren(seriesTable(d));
  const days = d.series.map((x) => x.day);
  const drawn =
    drawCasesChart($('chart-cases'), d) &&
    drawTypesChart($('chart-types'), d) &&
    drawKpiCharts($('kpi-charts'), days, kpiSeriesOf(d, orders, told));
  $('dashboard-view').dataset.ready = drawn ? 'charts' : 'no-charts';
  say(`Dashboard: ${d.kpis.opened} cases opened in the last ${d.window.days} days.`);
}

// ---- carrier and supplier scorecards ------------------------------------------------------

async function showScorecards(params) {
  show('scorecards-view');
  document.title = 'Scorecards · Forewarn console';
  $('kpis').hidden = true;
  const days = ['7', '30', '90'].includes(params.days) ? params.days : '30';
  $('s-days').value = days;
  const [doc, suppliers] = await Promise.all([
    attempt('Loading the carrier scorecards', () => api.carrierScorecards(days)),
    attempt('Loading the supplier scorecards', () => api.supplierScorecards(days)),
  ]);
  // Each owner's part shows on its own: the shipment service down leaves the suppliers readable.
  $('supplier-scorecards-slot').replaceChildren(...(suppliers ? [supplierTable(suppliers)] : []));
  if (suppliers) drawSuppliersChart($('chart-suppliers'), suppliers);
  if (!doc) return;
  $('scorecards-slot').replaceChildren(scorecardTable(doc));
  const drawn = drawCarriersChart($('chart-carriers'), doc);
  $('scorecards-view').dataset.ready = drawn ? 'charts' : 'no-charts';
}

async function showSupplier(supplierId, params) {
  show('supplier-view');
  $('kpis').hidden = true;
  const days = WINDOWS.includes(params.days) ? params.days : '30';
  const doc = await attempt(`Loading supplier ${supplierId}`, () => api.supplier(supplierId, days));
  if (!doc) {
    $('supplier-view').replaceChildren(
      h('h1', { id: 'supplier-title', tabindex: -1 }, `Supplier ${supplierId}`),
    );
    return;
  }
  $('supplier-view').replaceChildren(...supplierPage(supplierId, doc));
  document.title = `${doc.scorecard?.supplierName ?? supplierId} · Forewarn console`;
  $('supplier-title').focus();
  const drawn = drawSupplierTrend($('chart-supplier'), doc);
  $('supplier-view').dataset.ready = drawn ? 'chart' : 'no-chart';
  say(
    `Supplier ${supplierId}: ${doc.purchaseOrders.length} purchase orders in the last ${doc.window.days} days.`,
  );
}

// ---- integration health -------------------------------------------------------------------

async function settleDeadLetter(group, id, action) {
  const done = await attempt(`${action === 'replay' ? 'Replaying' : 'Discarding'} ${id}`, () =>
    api.settleDeadLetter(group, id, action),
  );
  if (!done) return;
  await showIntegrations();
  say(`Dead letter ${id} of ${group}: ${action === 'replay' ? 'replayed' : 'discarded'}.`);
}

async function showIntegrations() {
  show('integrations-view');
  document.title = 'Integration health · Forewarn console';
  $('kpis').hidden = true;
  // Each part shows as soon as it comes: reading the dead-letter topics takes seconds.
  await Promise.all([
    attempt('Loading the feeds', () => api.feeds()).then((feeds) => {
      if (feeds) $('feeds-slot').replaceChildren(feedsTable(feeds.feeds));
    }),
    EDI_READERS.includes(state.me.role)
      ? attempt('Loading the EDI interchanges', () => api.ediInterchanges()).then((edi) => {
          if (edi)
            $('edi-slot').replaceChildren(
              ediTable(edi.items, (id) =>
                attempt('Loading the acknowledgement', () => api.ediInterchange(id)),
              ),
            );
        })
      : $('edi-slot').replaceChildren(),
    attempt('Loading the dead letters', () => api.deadLetters()).then((dead) => {
      if (dead)
        $('dead-letters-slot').replaceChildren(
          ...deadLetterSections(dead.groups, state.me, settleDeadLetter),
        );
    }),
  ]);
}

// ---- keyboard: j/k move through the queue, enter opens, esc goes back ------------------------

function moveCurrent(step) {
  const rows = [...$('queue-rows').children];
  if (rows.length === 0) return;
  const at = rows.findIndex((r) => r.classList.contains('current'));
  const next = Math.max(0, Math.min(rows.length - 1, at === -1 ? 0 : at + step));
  rows[at]?.classList.remove('current');
  rows[next].classList.add('current');
  rows[next].setAttribute('aria-current', 'true');
  rows[at]?.removeAttribute('aria-current');
  rows[next].scrollIntoView({ block: 'nearest' });
}

function onKey(ev) {
  const t = ev.target;
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (t instanceof window.HTMLElement && t.closest('input, textarea, select, [contenteditable]'))
    return;
  if (!$('queue-view').hidden) {
    if (ev.key === 'j') moveCurrent(1);
    else if (ev.key === 'k') moveCurrent(-1);
    else if (ev.key === 'x') {
      // x selects the current case for a bulk action, as in a mail client.
      const pick = $('queue-rows').querySelector('tr.current input.pick');
      if (!pick) return;
      pick.checked = !pick.checked;
      bulkCount();
    } else if (ev.key === 'Enter') {
      const cur = $('queue-rows').querySelector('tr.current a');
      if (!cur) return;
      ev.preventDefault();
      window.location.hash = cur.getAttribute('href');
    }
  } else if (!$('case-view').hidden && ev.key === 'Escape') {
    window.location.hash = '#/queue';
  }
}

// ---- case detail --------------------------------------------------------------------------

async function act(caseId, action, body, title) {
  const done = await attempt(title, () => api.act(caseId, action, body));
  if (!done) return;
  await Promise.all([showCase(caseId, false), refreshApprovals()]);
  say(`${title}: done. Case is ${label(done.status).toLowerCase()}.`);
}

async function showCase(caseId, focus = true) {
  const d = await attempt('Loading the case', () => api.detail(caseId));
  if (!d) return;
  $('case-view').replaceChildren(...caseView(d, state.me, act));
  $('kpis').hidden = true;
  document.title = `${d.summary.title} · Forewarn console`;
  if (focus) show('case-view');
  await loadCaseNotices(caseId, d.case.party?.orderId);
}

/** After the case: the notification service may be slow or down, and the case must not wait. */
async function loadCaseNotices(caseId, orderId) {
  let body;
  try {
    const [onCase, aboutOrder] = await Promise.all([
      api.caseNotices(caseId),
      orderId ? api.orderNotices(orderId) : undefined,
    ]);
    body = caseNoticesBody(onCase, aboutOrder);
  } catch (err) {
    body = caseNoticesBody(undefined, undefined, err instanceof Error ? err.message : String(err));
  }
  const slot = $('case-notices-slot');
  // The page may have moved on to another case meanwhile.
  if (!slot || !window.location.hash.endsWith(caseId)) return;
  slot.replaceChildren(...body);
  $('case-notices-card').dataset.ready = 'true';
}

// ---- routing ------------------------------------------------------------------------------

async function route() {
  if (!state.me) return;
  const m = /^#\/cases\/([0-9a-f-]+)$/i.exec(window.location.hash);
  if (m) return showCase(m[1]);
  const [path, query] = window.location.hash.replace(/^#/, '').split('?');
  const params = Object.fromEntries(new URLSearchParams(query ?? ''));
  const views = viewsFor(state.me.role);
  // One supplier's page, for those who see the scorecards.
  const supplier = /^\/suppliers\/([^/]+)$/.exec(path);
  if (supplier && views.includes('scorecards'))
    return showSupplier(decodeURIComponent(supplier[1]), params);
  // A view the role may not open (an address typed or bookmarked) lands on its first one.
  const asked = path.slice(1);
  const view = views.includes(asked) ? asked : views[0];
  if (view === 'scorecards') return showScorecards(params);
  if (view === 'dashboard') return showDashboard(view === asked ? params : {});
  if (view === 'integrations') return showIntegrations();
  if (query && view === asked) state.filters = { status: 'open', ...params };
  return showQueue();
}

/**
 * What the page adds to index.html's static skeleton: the supplier view, the approvals badge in
 * the top bar, the queue's remedy filter, and the bulk form's assignee picker in place of free text.
 */
function addCaseworkElements() {
  $('main').append(
    h('section', { id: 'supplier-view', 'aria-labelledby': 'supplier-title', hidden: true }),
  );
  $('nav').after(
    h(
      'a',
      {
        id: 'approvals-badge',
        class: 'approvals',
        href: '#/queue?remedy=awaiting_me',
        hidden: true,
      },
      'Approvals ',
      h('span', { class: 'badge sla-warning count' }, '0'),
    ),
  );
  $('filters')
    .querySelector('.buttons')
    .before(
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'f-remedy' }, 'Remedy'),
        h('select', { id: 'f-remedy', name: 'remedy' }),
      ),
    );
  $('bulk-user').replaceWith(h('select', { id: 'bulk-user', name: 'userId' }));
}

async function start() {
  addCaseworkElements();
  $('sign-in-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (await signIn($('api-key').value.trim())) {
      $('api-key').value = '';
      say(`Signed in as ${state.me.name ?? state.me.role}.`);
      await route();
    }
  });
  $('sign-out').addEventListener('click', () => signOut());
  $('filters').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    state.filters = readFilters();
    await loadQueue();
  });
  $('filters').addEventListener('reset', () => {
    // After the browser has reset the fields.
    window.setTimeout(async () => {
      state.filters = { status: 'open' };
      writeFilters(state.filters);
      await loadQueue();
    });
  });
  $('mine').addEventListener('click', async () => {
    state.filters = { ...readFilters(), owner: state.me?.name ?? '' };
    writeFilters(state.filters);
    await loadQueue();
  });
  $('load-more').addEventListener('click', () => loadQueue(true));
  $('select-all').addEventListener('change', () => {
    for (const x of $('queue-rows').querySelectorAll('input.pick'))
      x.checked = $('select-all').checked;
    bulkCount();
  });
  $('bulk').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void applyBulk();
  });
  $('dash-filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const hash = `#/dashboard?${new URLSearchParams(readDashFilters())}`;
    if (window.location.hash === hash) route();
    else window.location.hash = hash;
  });
  $('score-filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const hash = `#/scorecards?days=${$('s-days').value}`;
    if (window.location.hash === hash) route();
    else window.location.hash = hash;
  });
  document.addEventListener('keydown', onKey);
  window.addEventListener('hashchange', route);

  const key = session.key();
  if (key && (await signIn(key))) await route();
  else show('sign-in');
}

start();
