import type { DoorStats } from '../door-client.js';
import type { DoorPlan } from '../doors.js';
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
    /** Which source used which door, and what went through each. */
    doorPlan?: DoorPlan;
    doors?: DoorStats;
    processed: Record<string, number>;
    deadLettered: Record<string, number>;
  };
  cases: {
    byType: Record<string, TypeScore>;
    total: number;
    /** Requests sent; those a proactive case carries (joined or taken over); cases of their own. */
    customerRequests: { sent: number; onProactiveCases: number; ownCases: number };
  };
  notices: {
    delivered: Record<string, number>;
    byChannel: Record<string, number>;
    byLanguage: Record<string, number>;
    byStatus: Record<string, number>;
    /** Per trigger (template), every one the notifier has, zeros included. */
    byTrigger: Record<string, number>;
    byKind: Record<'order' | 'shipment' | 'case', number>;
  };
  kpis: Record<string, string>;
  where: Record<string, string>;
}

/** order.* and shipment.* templates are about orders and shipments; the rest tell a case. */
export function noticesByKind(byTrigger: Record<string, number>): DemoReport['notices']['byKind'] {
  const kinds = { order: 0, shipment: 0, case: 0 };
  for (const [t, n] of Object.entries(byTrigger)) {
    const kind = t.startsWith('order.') ? 'order' : t.startsWith('shipment.') ? 'shipment' : 'case';
    kinds[kind] += n;
  }
  return kinds;
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

/** How much went through each door, what each refused and what each absorbed as resent. */
export function doorLines(plan: DoorPlan | undefined, d: DoorStats | undefined): string[] {
  if (!plan || !d) return [];
  return [
    `  doors: ${plan.edi} sends 214 files to /v1/edi, ${plan.webhook} comes through EasyPost's signed webhook (/v1/webhooks/easypost), ${Math.round(plan.eventsShare * 100)} % of ERP/WMS orders and both carriers' PODs come as JSON to /v1/events, the rest straight to Kafka`,
    `  sent: kafka ${d.kafka.messages}, /v1/events ${d.events.messages} (${d.events.requests} batches), webhook ${d.webhook.messages} (${d.webhook.requests} calls), EDI ${d.edi.requests} files (${d.edi.transactions} transactions, ${d.edi.messages} statuses)`,
    `  rejected: kafka ${d.kafka.rejected} malformed (left to the consumers' dead-letter topics), /v1/events ${d.events.rejected}, webhook ${d.webhook.rejected}, EDI ${d.edi.rejected} files (400 at the door)`,
    `  accepted at the doors: /v1/events ${d.events.accepted}, webhook ${d.webhook.accepted}, EDI ${d.edi.accepted} events; resends answered as duplicates: ${d.events.duplicates}, ${d.webhook.duplicates}, ${d.edi.duplicates}`,
  ];
}

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
    `  sent by the sources: ${r.ingestion.sent} (of which ${r.ingestion.duplicatesSent} duplicates, ${r.ingestion.malformedSent} malformed)`,
    ...doorLines(r.ingestion.doorPlan, r.ingestion.doors),
    `  processed per service: ${kv(r.ingestion.processed)}`,
    `  dead-lettered (rejected with a reason): ${kv(r.ingestion.deadLettered)}`,
    '',
    `Cases opened (${r.cases.total} in all; of ${r.cases.customerRequests.sent} customer requests, ${r.cases.customerRequests.onProactiveCases} went to the proactive case about the same thing, ${r.cases.customerRequests.ownCases} stayed cases of their own)`,
    table(caseRows),
    '',
    'Notices',
    `  received by the customers' endpoints: ${kv(r.notices.delivered)}`,
    `  by channel: ${kv(r.notices.byChannel)}`,
    `  by language: ${kv(r.notices.byLanguage)}`,
    `  by status: ${kv(r.notices.byStatus)}`,
    `  by kind: ${kv(r.notices.byKind)}`,
    `  by trigger: ${kv(r.notices.byTrigger)}`,
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
