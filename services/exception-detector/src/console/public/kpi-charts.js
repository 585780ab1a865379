/* global window */
// One Chart.js line per KPI over the dashboard's days (7, 30 or 90): each value as its owner's
// API states it for that day, none on a day the owner has nothing for (a gap, not a zero).
import { h } from './view.js';

/**
 * The KPIs per day on the dashboard's day axis: [{ id, name, unit, values }]: the detector's
 * case ratios per day of opening (its kpiSeries), the owners' byDay figures, each asked with the
 * dashboard's whole filter (ownerScope). Owners that did not answer (undefined here) give no chart.
 * @param {any} d /v1/dashboard/cases @param {any} [orders] order's /v1/kpis
 * @param {any} [told] notification's /v1/proactivity
 */
export function kpiSeriesOf(d, orders, told) {
  const days = d.series.map((x) => x.day);
  const pct = (r) => (r === null || r === undefined ? null : r * 100);
  const hoursOf = (ms) => (ms === null || ms === undefined ? null : ms / 3_600_000);
  /** [id, name, unit, the owner's per-day list, its value on a day] → a series on the axis. */
  const series = ([id, name, unit, byDay, value]) => {
    const at = new Map((byDay ?? []).map((x) => [x.day, x]));
    return { id, name, unit, values: days.map((day) => (at.has(day) ? value(at.get(day)) : null)) };
  };
  const k = d.kpiSeries;
  return [
    ['sla', 'SLA attainment', '%', k, (x) => pct(x.slaAttainment)],
    ['resolved-24h', 'Resolved within 24 h', '%', k, (x) => pct(x.resolvedWithin24h)],
    ['resolved-48h', 'Resolved within 48 h', '%', k, (x) => pct(x.resolvedWithin48h)],
    ['fcr', 'First-contact resolution', '%', k, (x) => pct(x.firstContactResolution)],
    ...(orders
      ? [
          ['otif', 'OTIF', '%', orders.byDay, (x) => pct(x.otif.ratio)],
          ['fill-rate', 'Fill rate', '%', orders.byDay, (x) => pct(x.fillRate.ratio)],
          ['pick-accuracy', 'Pick accuracy', '%', orders.byDay, (x) => pct(x.pickAccuracy?.ratio)],
        ]
      : []),
    ...(told
      ? [
          ['proactive', 'Proactive ratio', '%', told.byDay, (x) => pct(x.proactiveRatio)],
          [
            'time-to-tell',
            'Median time to customer notice',
            'h',
            told.byDay,
            (x) => hoursOf(x.medianTimeToTellMs),
          ],
        ]
      : []),
  ].map(series);
}

const drawn = [];

/**
 * Replaces the container's charts with one per series; false when Chart.js did not load.
 * @param {HTMLElement} container @param {string[]} days @param {ReturnType<typeof kpiSeriesOf>} series
 */
export function drawKpiCharts(container, days, series) {
  const Chart = /** @type {any} */ (window).Chart;
  for (const c of drawn.splice(0)) c.destroy();
  if (!Chart) return false;
  container.replaceChildren(
    ...series.map((s) => {
      const canvas = h('canvas', {
        id: `kpi-chart-${s.id}`,
        role: 'img',
        'aria-label': `${s.name} per day`,
      });
      const shown = s.values.filter((v) => v !== null).length;
      const figure = h(
        'figure',
        { class: 'chart', dataset: { kpi: s.id } },
        h(
          'figcaption',
          null,
          `${s.name} per day (${s.unit}), ${shown} of ${days.length} days with data`,
        ),
        h('div', { class: 'chart-box small' }, canvas),
      );
      drawn.push(
        new Chart(canvas, {
          type: 'line',
          data: {
            labels: days,
            datasets: [
              {
                label: s.name,
                data: s.values,
                borderColor: '#1f5fa8',
                backgroundColor: '#1f5fa8',
                spanGaps: false,
                tension: 0.2,
                // A lone day between gaps is only a point: keep it visible, even at 0 or 100 %.
                pointRadius: 3,
                clip: 6,
              },
            ],
          },
          options: {
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            scales: {
              y: s.unit === '%' ? { min: 0, max: 100 } : { beginAtZero: true },
            },
            plugins: { legend: { display: false } },
          },
        }),
      );
      return figure;
    }),
  );
  return true;
}
