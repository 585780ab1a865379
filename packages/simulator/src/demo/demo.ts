import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { PublishProgress } from '../publish.js';
import { sumMetric } from './metrics.js';
import { noticesByKind, renderReport, pct, type DemoReport } from './report.js';
import { ADMIN_KEY, runDay, SERVICES } from './run-day.js';
import { requestSplit } from './request-split.js';
import { scoreDetection } from './score.js';

const hours = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? 'n/a' : `${(ms / 3_600_000).toFixed(1)} h`;

/** The dashboard's default window, which the summary's KPIs share. */
const DASHBOARD_DAYS = 30;

function progressLine(p: PublishProgress): string {
  const share = p.total ? Math.floor((p.sent / p.total) * 100) : 100;
  const bar = '█'.repeat(Math.floor(share / 4)).padEnd(25, '·');
  return `  ${bar} ${String(share).padStart(3)}%  ${p.sent}/${p.total} events  sim ${p.simTime.slice(0, 16)}Z`;
}

/** The README's main job: a simulated day through the whole stack, and a summary to read. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      orders: { type: 'string', default: '200' },
      speed: { type: 'string', default: '2880' },
      days: { type: 'string', default: '8' },
      stop: { type: 'boolean', default: false },
      root: { type: 'string', default: process.cwd() },
    },
  });
  const root = path.resolve(values.root);
  const outDir = path.join(root, '.forewarn', 'demo');
  const logDir = path.join(root, '.forewarn', 'logs');
  await mkdir(outDir, { recursive: true });
  await mkdir(logDir, { recursive: true });
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const dbUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/forewarn');
  dbUrl.pathname = '/forewarn_demo';
  const wallStart = Date.now();
  const seed = Number(values.seed);
  const orders = Number(values.orders);
  const speed = Number(values.speed);
  const tty = process.stdout.isTTY;
  let lastPrinted = 0;

  console.log(
    `▸ a distributor's day: seed ${seed}, ${orders} orders, ${values.days} days at ${speed}× (a day every ${(86_400 / speed).toFixed(0)} s)`,
  );
  const day = await runDay({
    root,
    outDir,
    logDir,
    brokers,
    databaseUrl: dbUrl.toString(),
    topicPrefix: `demo.${wallStart.toString(36)}.`,
    seed,
    orders,
    days: Number(values.days),
    speed,
    log: (line) => {
      if (tty) process.stdout.write('\n');
      console.log(`▸ ${line}`);
    },
    onProgress: (p) => {
      if (tty) process.stdout.write(`\r${progressLine(p)}`);
      else if (p.done || Date.now() - lastPrinted > 15_000) {
        lastPrinted = Date.now();
        console.log(progressLine(p));
      }
    },
  });
  process.once('SIGINT', () => void day.stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void day.stop().then(() => process.exit(0)));

  const all = await day.cases();
  const detected = all.filter((c) => c.origin !== 'customer');
  const metrics = await day.metrics();
  const processed: Record<string, number> = {};
  const deadLettered: Record<string, number> = {};
  for (const [n] of SERVICES) {
    processed[n] = sumMetric(metrics[n] ?? '', 'forewarn_kafka_messages_processed_total');
    deadLettered[n] = sumMetric(metrics[n] ?? '', 'forewarn_kafka_messages_dead_lettered_total');
  }
  type Counts = Record<string, number>;
  const stats = await day.get<{
    byChannel: Counts;
    byLanguage: Counts;
    byStatus: Counts;
    byTemplate: Counts;
  }>('notification', '/v1/notices/stats');
  // The KPIs exactly as the console's dashboard reads them by default: the detector's 30-day
  // window on its (now stopped) clock, handed to the services that own OTIF and proactivity.
  const dashboard = await day.get<{
    window: { since: string; until: string; days: number };
    kpis: {
      resolvedWithin24h: number | null;
      resolvedWithin48h: number | null;
      slaAttainment: number | null;
    };
  }>('exception-detector', `/v1/dashboard/cases?days=${DASHBOARD_DAYS}`);
  const window = dashboard?.window;
  const caseKpis = dashboard?.kpis;
  const proactivity = await day.get<{
    kpi: {
      proactiveRatio: number | null;
      exceptions: number;
      medianTimeToTellMs: number | null;
      medianLeadTimeMs: number | null;
    };
  }>(
    'notification',
    // Its `to` is exclusive; the console adds the same millisecond (console/public/api.js).
    window
      ? `/v1/proactivity?${new URLSearchParams({ from: window.since, to: new Date(Date.parse(window.until) + 1).toISOString() })}`
      : '/v1/proactivity',
  );
  const orderKpis = await day.get<{
    otif: { ratio: number | null; measured: number };
    fillRate: { ratio: number | null };
  }>(
    'order',
    window
      ? `/v1/kpis?${new URLSearchParams({ since: window.since, until: window.until })}`
      : '/v1/kpis',
  );
  const { run } = day;
  const result: DemoReport = {
    run: {
      seed,
      orders,
      events: run.emissions.length,
      simWindow: run.window,
      wallSeconds: (Date.now() - wallStart) / 1000,
    },
    ingestion: {
      sent: day.published.sent,
      malformedSent: day.published.malformed,
      duplicatesSent: run.emissions.filter((e) => 'delivery' in e && e.delivery === 'duplicate')
        .length,
      ...(day.doorPlan ? { doorPlan: day.doorPlan } : {}),
      ...(day.published.doors ? { doors: day.published.doors } : {}),
      processed,
      deadLettered,
    },
    cases: {
      byType: scoreDetection(run.groundTruth, detected, run.window),
      total: all.length,
      customerRequests: requestSplit(all, day.requestsSent),
    },
    notices: {
      delivered: {
        email: day.sinks.received.email,
        webhook: day.sinks.received.webhook,
        sms: day.sinks.received.sms,
      },
      byChannel: stats?.byChannel ?? {},
      byLanguage: stats?.byLanguage ?? {},
      byStatus: stats?.byStatus ?? {},
      byTrigger: stats?.byTemplate ?? {},
      byKind: noticesByKind(stats?.byTemplate ?? {}),
    },
    kpis: {
      window: window
        ? `${window.since.slice(0, 10)} to ${window.until.slice(0, 16)}Z, as the console's dashboard shows them (last ${window.days} days)`
        : 'n/a',
      'OTIF (target ≥ 97 %)': `${pct(orderKpis?.otif.ratio)} of ${orderKpis?.otif.measured ?? 'n/a'} delivered orders`,
      'fill rate (target ≥ 98 %)': pct(orderKpis?.fillRate.ratio),
      'exceptions resolved within 24 h': pct(caseKpis?.resolvedWithin24h),
      'exceptions resolved within 48 h': pct(caseKpis?.resolvedWithin48h),
      'SLA attainment': pct(caseKpis?.slaAttainment),
      'proactive ratio': `${pct(proactivity?.kpi.proactiveRatio)} of ${proactivity?.kpi.exceptions ?? 'n/a'} exceptions`,
      'median time to customer notice': hours(proactivity?.kpi.medianTimeToTellMs),
      'median lead time over the customer': hours(proactivity?.kpi.medianLeadTimeMs),
    },
    where: {
      ...Object.fromEntries(SERVICES.map(([n]) => [`${n} API`, `${day.url(n)}/docs`])),
      'CSR console': `${day.url('exception-detector')}/console/`,
      'API key (ops manager)': ADMIN_KEY,
      'ground truth': path.join(outDir, 'ground-truth.json'),
      'this summary (JSON)': path.join(outDir, 'summary.json'),
      logs: logDir,
    },
  };
  await writeFile(path.join(outDir, 'summary.json'), JSON.stringify(result, null, 2));
  console.log(renderReport(result));

  if (values.stop) {
    console.log('▸ stopping services');
    await day.stop();
    return;
  }
  console.log('The stack keeps running; Ctrl-C stops it.');
  await new Promise(() => undefined);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
