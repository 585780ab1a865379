/* global window */
// Carrier scorecards as the shipment service computes them; the page formats and draws.
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
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, max: 100 } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  return true;
}
