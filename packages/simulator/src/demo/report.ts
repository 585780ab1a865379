import type { TypeScore } from './score.js';

export interface DemoReport {
  run: {
    seed: number;
    orders: number;
    events: number;
    simWindow: { start: string; end: string };
    wallSeconds: number;
  };
  ingestion: {
    sent: number;
    malformedSent: number;
    duplicatesSent: number;
    processed: Record<string, number>;
    deadLettered: Record<string, number>;
  };
  cases: { byType: Record<string, TypeScore>; total: number; customerRequests: number };
  notices: {
    delivered: Record<string, number>;
    byChannel: Record<string, number>;
    byLanguage: Record<string, number>;
    byStatus: Record<string, number>;
  };
  kpis: Record<string, string>;
  where: Record<string, string>;
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => '  ' + r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

const kv = (o: Record<string, number>) =>
  Object.entries(o)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

/** The summary a person reads at the end of the main job. */
export function renderReport(r: DemoReport): string {
  const caseRows = [['exception type', 'expected', 'detected', 'precision', 'recall']];
  for (const [type, s] of Object.entries(r.cases.byType).sort()) {
    caseRows.push([type, String(s.expected), String(s.detected), pct(s.precision), pct(s.recall)]);
  }
  const lines = [
    '',
    '══ Forewarn: a simulated distributor day ══',
    `seed ${r.run.seed}, ${r.run.orders} orders, sim ${r.run.simWindow.start} → ${r.run.simWindow.end}, ${r.run.wallSeconds.toFixed(0)} s wall`,
    '',
    'Events',
    `  sent to source topics: ${r.ingestion.sent} (of which ${r.ingestion.duplicatesSent} duplicates, ${r.ingestion.malformedSent} malformed)`,
    `  processed per service: ${kv(r.ingestion.processed)}`,
    `  dead-lettered (rejected with a reason): ${kv(r.ingestion.deadLettered)}`,
    '',
    `Cases opened (${r.cases.total} in all, ${r.cases.customerRequests} customer-initiated requests)`,
    table(caseRows),
    '',
    'Notices',
    `  received by the customers' endpoints: ${kv(r.notices.delivered)}`,
    `  by channel: ${kv(r.notices.byChannel)}`,
    `  by language: ${kv(r.notices.byLanguage)}`,
    `  by status: ${kv(r.notices.byStatus)}`,
    '',
    'KPIs',
    ...Object.entries(r.kpis).map(([k, v]) => `  ${k.padEnd(34)} ${v}`),
    '',
    'Where to look next',
    ...Object.entries(r.where).map(([k, v]) => `  ${k.padEnd(34)} ${v}`),
    '',
  ];
  return lines.join('\n');
}

export { pct };
