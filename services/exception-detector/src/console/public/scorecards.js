/* global window */
// Carrier scorecards as the shipment service computes them, supplier scorecards as the order
// service does; the page formats and draws.
import { pct } from './dashboard.js';
import { h } from './view.js';

const COLUMNS = [
  ['Shipments', (c) => String(c.shipments)],
  ['On-time pickup', (c) => pct(c.onTimePickup)],
  ['On-time delivery', (c) => pct(c.onTimeDelivery)],
  ['Tracking compliance', (c) => pct(c.trackingCompliance)],
  ['Exception rate', (c) => pct(c.exceptionRate)],
  ['Damage rate', (c) => pct(c.damageRate)],
  ['Mean delay', (c) => (c.meanDelayHours === null ? 'n/a' : `${c.meanDelayHours.toFixed(1)} h`)],
  [
    'Trend (on-time delivery by week)',
    (c) => c.trend.map((t) => `${t.week}: ${pct(t.onTimeDelivery)}`).join(' · ') || '—',
  ],
];

export function scorecardTable(doc) {
  return h(
    'table',
    { class: 'queue', id: 'scorecards' },
    h('caption', null, `Carriers, shipments handed over in the last ${doc.window.days} days`),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Carrier'),
        COLUMNS.map(([t]) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      null,
      doc.carriers.map((c) =>
        h(
          'tr',
          { dataset: { carrier: c.carrier } },
          h('th', { scope: 'row' }, c.carrier),
          COLUMNS.map(([t, f]) => h('td', { dataset: { col: t } }, f(c))),
        ),
      ),
    ),
  );
}

/** Both charts' options (fresh each time: Chart.js keeps what it is given): 0-100 %, no animation. */
const percentChart = () => ({
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  scales: { y: { beginAtZero: true, max: 100 } },
  plugins: { legend: { position: 'bottom' } },
});

let chart;
export function drawCarriersChart(canvas, doc) {
  const Chart = /** @type {any} */ (window).Chart;
  if (!Chart) return false;
  chart?.destroy();
  const percent = (r) => (r === null ? null : Math.round(r * 1000) / 10);
  chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: doc.carriers.map((c) => c.carrier),
      datasets: [
        {
          label: 'On-time pickup %',
          data: doc.carriers.map((c) => percent(c.onTimePickup)),
          backgroundColor: '#1f5fa8',
        },
        {
          label: 'On-time delivery %',
          data: doc.carriers.map((c) => percent(c.onTimeDelivery)),
          backgroundColor: '#2e7d32',
        },
        {
          label: 'Tracking compliance %',
          data: doc.carriers.map((c) => percent(c.trackingCompliance)),
          backgroundColor: '#e3a008',
        },
      ],
    },
    options: percentChart(),
  });
  return true;
}

// ---- supplier and contractor scorecards (the order service computes them from ERP purchasing)

const hours = (v) => (v === null ? 'n/a' : `${v.toFixed(1)} h`);
const days = (v) => (v === null ? 'n/a' : `${v > 0 ? '+' : ''}${v.toFixed(1)} d`);

/** A supplier's figures, [label, format]: the list's columns and the supplier page's tiles. */
export const SUPPLIER_COLUMNS = [
  ['Purchase orders', (s) => String(s.purchaseOrders)],
  ['On-time in full', (s) => pct(s.onTimeInFull)],
  ['Defect rate', (s) => pct(s.defectRate)],
  ['Lead-time adherence', (s) => pct(s.leadTimeAdherence)],
  ['Lead-time deviation', (s) => days(s.meanLeadTimeDeviationDays)],
  ['Median acknowledgement', (s) => hours(s.medianAckHours)],
  ['Acknowledged within 24 h', (s) => pct(s.ackWithinTarget)],
  ['Open', (s) => String(s.open)],
  ['OTIF 7 / 30 / 90 days', (s) => s.rolling.map((r) => pct(r.onTimeInFull)).join(' / ')],
];

/** The supplier page's address, over the same window. */
export const supplierHref = (supplierId, days) =>
  `#/suppliers/${encodeURIComponent(supplierId)}?days=${encodeURIComponent(days)}`;

export function supplierTable(doc) {
  return h(
    'table',
    { class: 'queue', id: 'supplier-scorecards' },
    h(
      'caption',
      null,
      `Suppliers and contractors, purchase orders issued or due in the last ${doc.window.days} days`,
    ),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Supplier'),
        SUPPLIER_COLUMNS.map(([t]) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      null,
      doc.suppliers.length === 0
        ? h(
            'tr',
            null,
            h('td', { colspan: SUPPLIER_COLUMNS.length + 1 }, 'No purchase orders in this period.'),
          )
        : doc.suppliers.map((s) =>
            h(
              'tr',
              { dataset: { supplier: s.supplierId } },
              h(
                'th',
                { scope: 'row', title: s.supplierId },
                h('a', { href: supplierHref(s.supplierId, doc.window.days) }, s.supplierName),
              ),
              SUPPLIER_COLUMNS.map(([t, f]) => h('td', { dataset: { col: t } }, f(s))),
            ),
          ),
    ),
  );
}

const PALETTE = ['#1f5fa8', '#2e7d32', '#e3a008', '#b23b3b', '#6a4c93', '#00838f', '#8d6e63'];
let supplierChart;
/** On-time in full per week of the promised receipt date, one line per supplier. */
export function drawSuppliersChart(canvas, doc) {
  const Chart = /** @type {any} */ (window).Chart;
  if (!Chart) return false;
  supplierChart?.destroy();
  const weeks = [...new Set(doc.suppliers.flatMap((s) => s.trend.map((t) => t.week)))].sort();
  const percent = (r) => (r === null || r === undefined ? null : Math.round(r * 1000) / 10);
  supplierChart = new Chart(canvas, {
    type: 'line',
    data: {
      labels: weeks,
      datasets: doc.suppliers.map((s, i) => {
        const byWeek = new Map(s.trend.map((t) => [t.week, t.onTimeInFull]));
        return {
          label: `${s.supplierName} OTIF %`,
          data: weeks.map((w) => percent(byWeek.get(w))),
          borderColor: PALETTE[i % PALETTE.length],
          backgroundColor: PALETTE[i % PALETTE.length],
          spanGaps: true,
        };
      }),
    },
    options: percentChart(),
  });
  return true;
}
