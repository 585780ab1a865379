import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createSimClock } from '../clock.js';
import { ingestionFeedEnv } from '../feeds.js';
import { generateDay } from '../generate-day.js';
import { publish, type PublishProgress } from '../publish.js';
import { writeRunFiles } from '../run-files.js';
import { sumMetric } from './metrics.js';
import { startServices, type ServiceSpec } from './processes.js';
import { renderReport, pct, type DemoReport } from './report.js';
import { scoreDetection, type DetectedCase } from './score.js';
import { DEMO_WEBHOOK_SECRET, startDeliverySinks } from './sinks.js';

const ADMIN_KEY = 'demo-ops-manager-key-0001';
const SERVICES = [
  ['order', 4101],
  ['shipment', 4102],
  ['exception-detector', 4103],
  ['notification', 4104],
  ['ingestion', 4105],
] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function recreateDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
}

async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { headers: { 'x-api-key': ADMIN_KEY } });
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

async function metricsOf(url: string): Promise<string> {
  try {
    return await (await fetch(`${url}/metrics`)).text();
  } catch {
    return '';
  }
}

function progressLine(p: PublishProgress): string {
  const share = p.total ? Math.floor((p.sent / p.total) * 100) : 100;
  const bar = '█'.repeat(Math.floor(share / 4)).padEnd(25, '·');
  return `  ${bar} ${String(share).padStart(3)}%  ${p.sent}/${p.total} events  sim ${p.simTime.slice(0, 16)}Z`;
}

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
  const state = path.join(root, '.forewarn');
  const outDir = path.join(state, 'demo');
  const logDir = path.join(state, 'logs');
  await mkdir(outDir, { recursive: true });
  await mkdir(logDir, { recursive: true });
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const baseDb = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/forewarn';
  const dbUrl = new URL(baseDb);
  dbUrl.pathname = '/forewarn_demo';
  const wallStart = Date.now();
  const prefix = `demo.${wallStart.toString(36)}.`;
  const seed = Number(values.seed);
  const orders = Number(values.orders);
  const speed = Number(values.speed);

  console.log(`▸ generating a distributor's day (seed ${seed}, ${orders} orders)`);
  const run = generateDay({ seed, orders, days: Number(values.days) });
  await writeRunFiles(outDir, run);
  console.log(
    `  ${run.emissions.length} source messages, ${run.groundTruth.length} injected exceptions, ${run.requests.length} customer requests`,
  );

  await recreateDatabase(dbUrl.toString());
  const sinks = await startDeliverySinks();
  const seedFile = path.join(outDir, 'contacts.json');
  await writeFile(
    seedFile,
    JSON.stringify({
      customers: run.customers.map((c) => ({
        customerId: c.customerId,
        name: c.name,
        contacts: c.contacts.map((k, i) => ({
          contactId: k.contactId,
          name: k.name,
          email: k.email,
          phone: k.phone,
          ...(c.webhookUrl && i === 0
            ? {
                webhookUrl: `${sinks.webhookBaseUrl}/hooks/${c.customerId}`,
                webhookSecret: DEMO_WEBHOOK_SECRET,
              }
            : {}),
          preferences: { language: k.language, timeZone: k.timezone },
        })),
      })),
    }),
  );

  // Services start before sim time begins, so none of them misses the first events' clock.
  const clock = createSimClock({ start: run.window.start, speed, anchor: Date.now() + 20_000 });
  const common: Record<string, string> = {
    DATABASE_URL: dbUrl.toString(),
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'info',
    CLOCK_SIM_ANCHOR: new Date(clock.start).toISOString(),
    CLOCK_WALL_ANCHOR_MS: String(clock.anchor),
    CLOCK_SPEED: String(speed),
    API_KEYS: JSON.stringify([
      { key: ADMIN_KEY, role: 'ops_manager', name: 'demo operations manager' },
      { key: 'demo-admin-key-000000001', role: 'admin', name: 'demo admin' },
    ]),
  };
  const specific: Record<string, Record<string, string>> = {
    notification: {
      NOTIFICATION_SEED_FILE: seedFile,
      SMTP_PORT: String(sinks.smtpPort),
      TWILIO_BASE_URL: sinks.smsBaseUrl,
      TWILIO_ACCOUNT_SID: 'ACdemo000000000000000000000000000',
      TWILIO_AUTH_TOKEN: 'demo-twilio-token',
      TWILIO_FROM: '+15550000000',
      DELIVERY_POLL_MS: '200',
    },
    ingestion: {
      ...ingestionFeedEnv(run.config.thresholds.feedSilenceMinutes),
      FEED_DLQ_GROUPS: 'order,shipment,exception-detector,notification',
    },
  };
  const specs: ServiceSpec[] = SERVICES.map(([name, port]) => ({
    name,
    port,
    env: { ...common, ...(specific[name] ?? {}) },
  }));
  console.log(`▸ starting ${specs.length} services (logs in ${logDir})`);
  const procs = await startServices(root, logDir, specs);
  let stopped = false;
  const shutdown = async () => {
    if (stopped) return;
    stopped = true;
    console.log('▸ stopping services');
    await procs.stop();
    await sinks.close();
  };
  process.once('SIGINT', () => void shutdown().then(() => process.exit(0)));
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(0)));
  const url = (name: string) => procs.urls[name]!;

  // Customer-initiated requests reach the detector's API at their sim time.
  const requestsDone = (async () => {
    let sent = 0;
    for (const r of [...run.requests].sort((a, b) => a.at.localeCompare(b.at))) {
      const wait = clock.toWall(Date.parse(r.at)) - Date.now();
      if (wait > 0) await sleep(wait);
      const res = await fetch(`${url('exception-detector')}/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
        body: JSON.stringify({
          requestId: r.requestId,
          requestType: r.type,
          customerId: r.customerId,
          ...(r.orderId ? { orderId: r.orderId } : {}),
          ...(r.trackingNumber ? { trackingNumber: r.trackingNumber } : {}),
          ...(r.poNumber ? { poNumber: r.poNumber } : {}),
          message: r.message,
        }),
      }).catch(() => undefined);
      if (res?.ok) sent += 1;
    }
    return sent;
  })();

  console.log(
    `▸ simulating ${values.days} days at ${speed}× (a day every ${(86_400 / speed).toFixed(0)} s)`,
  );
  const tty = process.stdout.isTTY;
  let lastPrinted = 0;
  const report = await publish(run.emissions, {
    brokers,
    topicPrefix: prefix,
    clock,
    progressEveryMs: 1000,
    onProgress: (p) => {
      if (tty) process.stdout.write(`\r${progressLine(p)}`);
      else if (p.done || Date.now() - lastPrinted > 15_000) {
        lastPrinted = Date.now();
        console.log(progressLine(p));
      }
    },
  });
  if (tty) process.stdout.write('\n');
  const requestsSent = await requestsDone;

  // Absence rules need their deadlines to pass; then every consumer must have caught up.
  const lastDeadline = Math.max(
    ...run.groundTruth.map((t) => Date.parse(t.detectableBy)),
    clock.nowMs(),
  );
  const settleUntil = lastDeadline + 6 * 3_600_000;
  console.log(
    `▸ waiting for detection deadlines (sim ${new Date(settleUntil).toISOString().slice(0, 16)}Z) and consumers to catch up`,
  );
  const deadline = Date.now() + 5 * 60_000;
  while (Date.now() < deadline) {
    const lags = await Promise.all(SERVICES.map(([n]) => metricsOf(url(n))));
    const lag = lags.reduce((s, t) => s + sumMetric(t, 'forewarn_kafka_consumer_lag'), 0);
    if (clock.nowMs() >= settleUntil && lag === 0) break;
    await sleep(1000);
  }
  await sleep(3000);

  const cases: DetectedCase[] = [];
  let cursor: string | null = null;
  let requestCases = 0;
  do {
    const page:
      { items: (DetectedCase & { origin: string })[]; nextCursor: string | null } | undefined =
      await getJson(
        `${url('exception-detector')}/cases?status=all&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
    if (!page) break;
    for (const c of page.items) {
      if (c.origin === 'customer') requestCases += 1;
      else cases.push(c);
    }
    cursor = page.nextCursor;
  } while (cursor);

  const metrics = Object.fromEntries(
    await Promise.all(SERVICES.map(async ([n]) => [n, await metricsOf(url(n))] as const)),
  );
  const processed: Record<string, number> = {};
  const deadLettered: Record<string, number> = {};
  for (const [n] of SERVICES) {
    processed[n] = sumMetric(metrics[n] ?? '', 'forewarn_kafka_messages_processed_total');
    deadLettered[n] = sumMetric(metrics[n] ?? '', 'forewarn_kafka_messages_dead_lettered_total');
  }

  const stats = await getJson<{
    byChannel: Record<string, number>;
    byLanguage: Record<string, number>;
    byStatus: Record<string, number>;
  }>(`${url('notification')}/notices/stats`);
  const proactivity = await getJson<{
    kpi: { proactiveRatio: number | null; exceptions: number; medianLeadTimeMs: number | null };
  }>(`${url('notification')}/proactivity`);
  const orderKpis = await getJson<{
    otif: { ratio: number | null; measured: number };
    fillRate: { ratio: number | null };
  }>(`${url('order')}/v1/kpis`);
  const caseKpis = await getJson<{
    resolvedWithin24h: number | null;
    resolvedWithin48h: number | null;
    slaAttainment: number | null;
  }>(`${url('exception-detector')}/kpis`);

  const result: DemoReport = {
    run: {
      seed,
      orders,
      events: run.emissions.length,
      simWindow: run.window,
      wallSeconds: (Date.now() - wallStart) / 1000,
    },
    ingestion: {
      sent: report.sent,
      malformedSent: report.malformed,
      duplicatesSent: run.emissions.filter((e) => 'delivery' in e && e.delivery === 'duplicate')
        .length,
      processed,
      deadLettered,
    },
    cases: {
      byType: scoreDetection(run.groundTruth, cases),
      total: cases.length + requestCases,
      customerRequests: requestsSent,
    },
    notices: {
      delivered: {
        email: sinks.received.email,
        webhook: sinks.received.webhook,
        sms: sinks.received.sms,
      },
      byChannel: stats?.byChannel ?? {},
      byLanguage: stats?.byLanguage ?? {},
      byStatus: stats?.byStatus ?? {},
    },
    kpis: {
      'OTIF (target ≥ 97 %)': `${pct(orderKpis?.otif.ratio)} of ${orderKpis?.otif.measured ?? 'n/a'} delivered orders`,
      'fill rate (target ≥ 98 %)': pct(orderKpis?.fillRate.ratio),
      'exceptions resolved within 24 h': pct(caseKpis?.resolvedWithin24h),
      'exceptions resolved within 48 h': pct(caseKpis?.resolvedWithin48h),
      'SLA attainment': pct(caseKpis?.slaAttainment),
      'proactive ratio': `${pct(proactivity?.kpi.proactiveRatio)} of ${proactivity?.kpi.exceptions ?? 'n/a'} exceptions`,
      'median lead time over the customer': proactivity?.kpi.medianLeadTimeMs
        ? `${(proactivity.kpi.medianLeadTimeMs / 3_600_000).toFixed(1)} h`
        : 'n/a',
    },
    where: {
      ...Object.fromEntries(SERVICES.map(([n]) => [`${n} API`, `${url(n)}/docs`])),
      'API key (ops manager)': ADMIN_KEY,
      'ground truth': path.join(outDir, 'ground-truth.json'),
      'this summary (JSON)': path.join(outDir, 'summary.json'),
      logs: logDir,
    },
  };
  await writeFile(path.join(outDir, 'summary.json'), JSON.stringify(result, null, 2));
  console.log(renderReport(result));

  if (values.stop) {
    await shutdown();
    return;
  }
  console.log('The stack keeps running; Ctrl-C stops it.');
  await new Promise(() => undefined);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
