import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { createSimClock, type SimClock } from '../clock.js';
import { ingestionFeedEnv } from '../feeds.js';
import { generateDay, type SimRun } from '../generate-day.js';
import { publish, type PublishProgress, type PublishReport } from '../publish.js';
import { writeRunFiles } from '../run-files.js';
import { sumMetric } from './metrics.js';
import { startServices, type RunningProcesses, type ServiceSpec } from './processes.js';
import type { DetectedCase } from './score.js';
import { DEMO_WEBHOOK_SECRET, startDeliverySinks, type DeliverySinks } from './sinks.js';

export const ADMIN_KEY = 'demo-ops-manager-key-0001';
export const SERVICES = [
  ['order', 4101],
  ['shipment', 4102],
  ['exception-detector', 4103],
  ['notification', 4104],
  ['ingestion', 4105],
] as const;

export interface DayRunOptions {
  root: string;
  outDir: string;
  logDir: string;
  brokers: string[];
  /** A database of the run's own; dropped and created afresh. */
  databaseUrl: string;
  topicPrefix: string;
  seed: number;
  orders: number;
  days: number;
  speed: number;
  /** Instances of each service in one consumer group (default 1). */
  instances?: number;
  /** HTTP port of the first instance of the first service; others follow. */
  basePort?: number;
  onProgress?: (p: PublishProgress) => void;
  log?: (line: string) => void;
}

export interface CaseItem extends DetectedCase {
  caseId: string;
  origin: string;
  status: string;
  priority: string;
}

export interface DayRun {
  run: SimRun;
  clock: SimClock;
  published: PublishReport;
  requestsSent: number;
  sinks: DeliverySinks;
  procs: RunningProcesses;
  /** Base URL of the first instance of each service. */
  url: (service: string) => string;
  get: <T>(service: string, pathAndQuery: string) => Promise<T | undefined>;
  metrics: () => Promise<Record<string, string>>;
  cases: () => Promise<CaseItem[]>;
  stop: () => Promise<void>;
}

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

async function text(url: string): Promise<string> {
  try {
    return await (await fetch(url)).text();
  } catch {
    return '';
  }
}

function contactsSeed(run: SimRun, sinks: DeliverySinks) {
  return {
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
  };
}

/**
 * Plays a generated day through the whole stack: every service as its own process (or several
 * per consumer group), the customers' endpoints, the day published through the real source
 * topics on the simulated clock, then waits until the detection deadlines have passed and every
 * consumer has caught up. The caller reads results through the services' APIs and stops it.
 */
export async function runDay(opts: DayRunOptions): Promise<DayRun> {
  const log = opts.log ?? (() => undefined);
  const run = generateDay({ seed: opts.seed, orders: opts.orders, days: opts.days });
  await writeRunFiles(opts.outDir, run);
  log(
    `${run.emissions.length} source messages, ${run.groundTruth.length} injected exceptions, ${run.requests.length} customer requests`,
  );
  await recreateDatabase(opts.databaseUrl);
  const sinks = await startDeliverySinks();
  const seedFile = path.join(opts.outDir, 'contacts.json');
  await writeFile(seedFile, JSON.stringify(contactsSeed(run, sinks)));

  // Services start before sim time begins, so none of them misses the first events' clock.
  const clock = createSimClock({
    start: run.window.start,
    speed: opts.speed,
    anchor: Date.now() + 20_000,
  });
  const common: Record<string, string> = {
    DATABASE_URL: opts.databaseUrl,
    KAFKA_BROKERS: opts.brokers.join(','),
    KAFKA_TOPIC_PREFIX: opts.topicPrefix,
    LOG_LEVEL: 'info',
    CLOCK_SIM_ANCHOR: new Date(clock.start).toISOString(),
    CLOCK_WALL_ANCHOR_MS: String(clock.anchor),
    CLOCK_SPEED: String(opts.speed),
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
  const instances = opts.instances ?? 1;
  const base = opts.basePort ?? 4101;
  const specs: ServiceSpec[] = SERVICES.flatMap(([name], s) =>
    Array.from({ length: instances }, (_, i) => ({
      name,
      port: base + s + i * 100,
      env: { ...common, ...(specific[name] ?? {}) },
      ...(i > 0 ? { instance: i + 1 } : {}),
    })),
  );
  log(`starting ${specs.length} service processes (logs in ${opts.logDir})`);
  const procs = await startServices(opts.root, opts.logDir, specs).catch(async (err: unknown) => {
    await sinks.close();
    throw err;
  });
  const url = (service: string) => procs.urls[service]!;
  const get = async <T>(service: string, pathAndQuery: string): Promise<T | undefined> => {
    try {
      const res = await fetch(`${url(service)}${pathAndQuery}`, {
        headers: { 'x-api-key': ADMIN_KEY },
      });
      return res.ok ? ((await res.json()) as T) : undefined;
    } catch {
      return undefined;
    }
  };
  const metrics = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(procs.urls).map(async ([n, u]) => [n, await text(`${u}/metrics`)] as const),
      ),
    );
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await procs.stop();
    await sinks.close();
  };

  try {
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

    const published = await publish(run.emissions, {
      brokers: opts.brokers,
      topicPrefix: opts.topicPrefix,
      clock,
      progressEveryMs: 1000,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    const requestsSent = await requestsDone;

    // Absence rules need their deadlines to pass; then every consumer must have caught up.
    const lastDeadline = Math.max(
      ...run.groundTruth.map((t) => Date.parse(t.detectableBy)),
      clock.nowMs(),
    );
    const settleUntil = lastDeadline + 6 * 3_600_000;
    log(
      `waiting for detection deadlines (sim ${new Date(settleUntil).toISOString().slice(0, 16)}Z) and consumers to catch up`,
    );
    const deadline = Date.now() + 5 * 60_000;
    while (Date.now() < deadline) {
      const all = await metrics();
      const lag = Object.values(all).reduce(
        (s, t) => s + sumMetric(t, 'forewarn_kafka_consumer_lag'),
        0,
      );
      if (clock.nowMs() >= settleUntil && lag === 0) break;
      await sleep(1000);
    }
    await sleep(3000);

    const cases = async () => {
      const out: CaseItem[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: CaseItem[]; nextCursor: string | null } | undefined = await get(
          'exception-detector',
          `/cases?status=all&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        if (!page) break;
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    return { run, clock, published, requestsSent, sinks, procs, url, get, metrics, cases, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
