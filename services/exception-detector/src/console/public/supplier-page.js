/* global window */
// One supplier or contractor: its scorecard as the order service computes it
// (GET /v1/suppliers/:supplierId/scorecard), its weekly trend charted, and its purchase orders.
import { SUPPLIER_COLUMNS, supplierHref } from './scorecards.js';
import { h, when } from './view.js';

export const WINDOWS = ['7', '30', '90'];

const yesNo = (v) => (v === null || v === undefined ? '—' : v ? 'Yes' : 'No');
const signedDays = (v) =>
  v === null || v === undefined ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(1)} d`;

/** One purchase order as the order service judged it, [column, text] in the table's order. */
export const purchaseOrderCells = (po) => [
  ['Issued', when(po.issuedAt)],
  ['Due by', when(po.dueBy)],
  ['First receipt', when(po.firstReceivedAt)],
  ['Complete', when(po.completedAt)],
  ['On time in full', yesNo(po.onTimeInFull)],
  ['Within lead time', yesNo(po.leadTimeAdhered)],
  ['Lead-time deviation', signedDays(po.leadTimeDeviationDays)],
  ['Acknowledged after', po.ackHours === null ? 'not yet' : `${po.ackHours.toFixed(1)} h`],
  ['Ordered', String(po.orderedUnits)],
  ['Received', String(po.receivedUnits)],
  ['Rejected', String(po.rejectedUnits)],
];

/** The page's figures, [label, text]: the scorecard list's columns, so the two always agree. */
export const supplierFigures = (scorecard) =>
  scorecard ? SUPPLIER_COLUMNS.map(([label, f]) => [label, f(scorecard)]) : [];

function purchaseOrderTable(orders, days) {
  const cols = purchaseOrderCells(orders[0] ?? {}).map(([c]) => c);
  return h(
    'table',
    { class: 'queue', id: 'supplier-orders' },
    h('caption', null, `Purchase orders issued or due in the last ${days} days, newest first`),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Purchase order'),
        cols.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      null,
      orders.length === 0
        ? h('tr', null, h('td', { colspan: cols.length + 1 }, 'No purchase order in this period.'))
        : orders.map((po) =>
            h(
              'tr',
              { dataset: { po: po.poNumber } },
              h('th', { scope: 'row' }, po.poNumber),
              purchaseOrderCells(po).map(([c, text]) => h('td', { dataset: { col: c } }, text)),
            ),
          ),
    ),
  );
}

/**
 * The page's content for GET /v1/suppliers/:supplierId/scorecard: heading, window links, figure
 * tiles, the trend chart's canvas (drawn by drawSupplierTrend once in the page) and the orders.
 * @param {string} supplierId @param {Record<string, any>} doc
 */
export function supplierPage(supplierId, doc) {
  const s = doc.scorecard;
  const days = String(doc.window.days);
  return [
    h('p', null, h('a', { href: `#/scorecards?days=${days}` }, '← All scorecards')),
    h('h1', { id: 'supplier-title', tabindex: -1 }, s?.supplierName ?? supplierId),
    h(
      'p',
      { class: 'hint' },
      `Supplier ${supplierId}. From the ERP's purchase orders, acknowledgements and goods receipts, as the order service judges them at ${when(doc.window.until)}.`,
    ),
    h(
      'nav',
      { 'aria-label': 'Supplier window', class: 'windows' },
      WINDOWS.flatMap((d, i) => [
        i > 0 ? ' · ' : null,
        h(
          'a',
          { href: supplierHref(supplierId, d), 'aria-current': d === days ? 'page' : null },
          `Last ${d} days`,
        ),
      ]),
    ),
    s
      ? h(
          'dl',
          { class: 'tiles', id: 'supplier-figures' },
          supplierFigures(s).map(([label, text]) =>
            h(
              'div',
              { class: 'tile', dataset: { figure: label } },
              h('dt', null, label),
              h('dd', null, text),
            ),
          ),
        )
      : h(
          'p',
          { id: 'supplier-figures' },
          'No purchase order of this supplier in the last 90 days.',
        ),
    h(
      'figure',
      { class: 'chart' },
      h(
        'figcaption',
        null,
        'On-time in full and purchase orders by week of the promised receipt date',
      ),
      h(
        'div',
        { class: 'chart-box' },
        h('canvas', { id: 'chart-supplier', role: 'img', 'aria-label': 'Supplier trend by week' }),
      ),
    ),
    h('h2', null, 'Purchase orders'),
    purchaseOrderTable(doc.purchaseOrders, days),
  ];
}

let chart;
/** OTIF % per week (line) over the purchase orders due that week (bars). */
export function drawSupplierTrend(canvas, doc) {
  const Chart = /** @type {any} */ (window).Chart;
  if (!Chart || !doc.scorecard) return false;
  chart?.destroy();
  const trend = doc.scorecard.trend;
  chart = new Chart(canvas, {
    data: {
      labels: trend.map((t) => t.week),
      datasets: [
        {
          type: 'line',
          label: 'On-time in full %',
          data: trend.map((t) =>
            t.onTimeInFull === null ? null : Math.round(t.onTimeInFull * 1000) / 10,
          ),
          borderColor: '#2e7d32',
          backgroundColor: '#2e7d32',
          spanGaps: true,
          yAxisID: 'y',
        },
        {
          type: 'bar',
          label: 'Purchase orders',
          data: trend.map((t) => t.purchaseOrders),
          backgroundColor: '#9bb8dd',
          yAxisID: 'orders',
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        y: { beginAtZero: true, max: 100, position: 'left' },
        orders: {
          beginAtZero: true,
          position: 'right',
          grid: { drawOnChartArea: false },
          ticks: { precision: 0 },
        },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  return true;
}
