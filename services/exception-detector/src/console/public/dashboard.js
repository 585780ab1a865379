/* global window, URLSearchParams */
// The dashboard: the detector's case figures over a rolling 7/30/90 days, as tiles and Chart.js
// charts. Every figure comes from the API as computed there; the page only formats and draws it.
// Each tile links to the queue filtered to the cases behind it.
import { h, label } from './view.js';

export const pct = (r) => (r === null || r === undefined ? 'n/a' : `${(r * 100).toFixed(1)} %`);

/**
 * The dashboard's filter as the owners' APIs and the queue name it: customer → customerId;
 * tier, site and carrier as they are; the ones not chosen left out.
 * @param {Record<string, string>} filter
 * @returns {Record<string, string>}
 */
export function ownerScope(filter) {
  const named = {
    customerId: filter.customer,
    tier: filter.tier,
    site: filter.site,
    carrier: filter.carrier,
  };
  return Object.fromEntries(Object.entries(named).filter(([, v]) => v));
}

/**
 * The queue's address for the cases behind a figure: the dashboard's filter (customer, tier,
 * site, carrier) carried over, the figure's own status/type/SLA filter added.
 * @param {Record<string, string>} filter @param {Record<string, string>} more
 */
export function queueLink(filter, more) {
  const q = new URLSearchParams(ownerScope(filter));
  for (const [k, v] of Object.entries(more)) if (v) q.set(k, v);
  return `#/queue?${q}`;
}

/** The tiles, in reading order: [name, shown value, queue filter behind it]. */
export function tilesOf(d) {
  const k = d.kpis;
  return [
    ['Cases opened', String(k.opened), { status: 'all' }],
    ['Open now', String(k.open), { status: 'open' }],
    ['Resolved', String(k.resolved), { status: 'closed' }],
    ['SLA attainment', pct(k.slaAttainment), { status: 'all', slaState: 'breached' }],
    ['Resolved within 24 h', pct(k.resolvedWithin24h), { status: 'closed' }],
    ['Resolved within 48 h', pct(k.resolvedWithin48h), { status: 'closed' }],
    [
      'First-contact resolution',
      pct(k.firstContactResolution),
      { status: 'closed', contacted: 'yes' },
    ],
    ['Cases with a breach', String(k.breachedCases), { status: 'all', slaState: 'breached' }],
    ...k.topFailureModes.map((m) => [
      `Top failure: ${label(m.caseType)}`,
      String(m.opened),
      { status: 'all', type: m.caseType },
    ]),
  ];
}

/**
 * The queue's filter for the cases opened in the dashboard's window, which its figures count.
 * @param {{ since: string, until: string }} window
 */
export const openedIn = (window) => ({ openedSince: window.since, openedUntil: window.until });

/** @param {unknown} d the /v1/dashboard/cases document @param {Record<string, string>} filter */
export function dashboardTiles(d, filter) {
  return h(
    'dl',
    { id: 'dash-tiles', class: 'tiles' },
    tilesOf(d).map(([name, value, more]) =>
      h(
        'div',
        { class: 'tile', dataset: { kpi: name } },
        h('dt', null, name),
        h(
          'dd',
          null,
          h(
            'a',
            {
              href: queueLink(filter, { ...more, ...openedIn(d.window) }),
              title: 'The cases behind it',
            },
            value,
          ),
        ),
      ),
    ),
  );
}

/** A duration in hours, as the main job's summary writes it. */
export const hours = (ms) =>
  ms === null || ms === undefined ? 'n/a' : `${(ms / 3_600_000).toFixed(1)} h`;

/**
 * The figures other services own, as their APIs state them (the console computes none):
 * [name, shown value, what it is over]. An owner that did not answer (undefined) shows
 * 'unavailable'. Both owners split by every filter the dashboard offers (ownerScope).
 * @param {any} orders the order service's /v1/kpis @param {any} told notification's /v1/proactivity
 */
export function ownerTilesOf(orders, told) {
  const shown = (doc, value) => (doc === undefined ? 'unavailable' : value(doc));
  return [
    [
      'OTIF',
      shown(orders, (o) => pct(o.otif.ratio)),
      orders ? `${orders.otif.measured} delivered orders (order service)` : 'order service',
    ],
    [
      'Fill rate',
      shown(orders, (o) => pct(o.fillRate.ratio)),
      orders ? `${orders.fillRate.orderedUnits} units ordered (order service)` : 'order service',
    ],
    [
      'Pick accuracy',
      shown(orders, (o) => pct(o.pickAccuracy?.ratio ?? null)),
      orders?.pickAccuracy
        ? `${orders.pickAccuracy.pickedLines} order lines picked (order service)`
        : 'order service',
    ],
    [
      'Proactive ratio',
      shown(told, (t) => pct(t.kpi.proactiveRatio)),
      told ? `${told.kpi.exceptions} exceptions (notification service)` : 'notification service',
    ],
    [
      'Median time to customer notice',
      shown(told, (t) => hours(t.kpi.medianTimeToTellMs)),
      'from the exception opening (detectable) to the customer first told (notification service)',
    ],
    [
      'Median lead time over the customer',
      shown(told, (t) => hours(t.kpi.medianLeadTimeMs)),
      'how long before the customer got in touch we told them (notification service)',
    ],
  ];
}

/** @param {ReturnType<typeof ownerTilesOf>} tiles */
export function ownerTiles(tiles) {
  return h(
    'dl',
    { id: 'dash-owner-tiles', class: 'tiles' },
    tiles.map(([name, value, over]) =>
      h(
        'div',
        { class: 'tile', dataset: { kpi: name } },
        h('dt', null, name),
        h('dd', { title: over }, value),
      ),
    ),
  );
}

const charts = new Map();

/** Draws (or redraws) the per-day chart with Chart.js, loaded as a classic script. */
export function drawCasesChart(canvas, d) {
  const Chart = /** @type {any} */ (window).Chart;
  if (!Chart) return false;
  charts.get(canvas.id)?.destroy();
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      labels: d.series.map((x) => x.day),
      datasets: [
        {
          label: 'Opened',
          data: d.series.map((x) => x.opened),
          borderColor: '#1f5fa8',
          tension: 0.2,
        },
        {
          label: 'Resolved',
          data: d.series.map((x) => x.resolved),
          borderColor: '#2e7d32',
          tension: 0.2,
        },
        {
          label: 'Opened and breached',
          data: d.series.map((x) => x.breached),
          borderColor: '#b3261e',
          tension: 0.2,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  charts.set(canvas.id, chart);
  return true;
}

/**
 * The notification service's exceptions per day (its byDay), on the dashboard's day axis:
 * how many opened and how many of those the customer was told of first.
 * @param {HTMLCanvasElement} canvas @param {any} d the dashboard @param {any} told /v1/proactivity
 */
export function drawNoticeChart(canvas, d, told) {
  const Chart = /** @type {any} */ (window).Chart;
  if (!Chart) return false;
  charts.get(canvas.id)?.destroy();
  const byDay = new Map((told?.byDay ?? []).map((x) => [x.day, x]));
  const on = (key) => d.series.map((x) => byDay.get(x.day)?.[key] ?? 0);
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: d.series.map((x) => x.day),
      datasets: [
        { label: 'Exceptions opened', data: on('exceptions'), backgroundColor: '#b3261e' },
        { label: 'Told before they asked', data: on('proactive'), backgroundColor: '#2e7d32' },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  charts.set(canvas.id, chart);
  return true;
}

export function drawTypesChart(canvas, d) {
  const Chart = /** @type {any} */ (window).Chart;
  if (!Chart) return false;
  charts.get(canvas.id)?.destroy();
  const types = Object.entries(d.casesByType).sort((a, b) => b[1].opened - a[1].opened);
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: types.map(([t]) => label(t)),
      datasets: [
        { label: 'Open', data: types.map(([, t]) => t.open), backgroundColor: '#e3a008' },
        { label: 'Resolved', data: types.map(([, t]) => t.resolved), backgroundColor: '#2e7d32' },
      ],
    },
    options: {
      animation: false,
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: true },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  charts.set(canvas.id, chart);
  return true;
}

/** A table of the same series, for screen readers and for anyone who wants the numbers. */
export function seriesTable(d) {
  return h(
    'details',
    null,
    h('summary', null, 'The figures per day'),
    h(
      'table',
      { class: 'series', id: 'dash-series' },
      h('caption', null, 'Cases per day (UTC)'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['Day', 'Opened', 'Resolved', 'Opened and breached'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        d.series.map((x) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, x.day),
            h('td', null, x.opened),
            h('td', null, x.resolved),
            h('td', null, x.breached),
          ),
        ),
      ),
    ),
  );
}
