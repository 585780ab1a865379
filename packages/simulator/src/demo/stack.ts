import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { ingestionFeedEnv } from '../feeds.js';
import { sourceKeyEntries, type DoorCredentials } from '../doors.js';
import type { SimRun } from '../generate-day.js';
import { DETECTOR_ENV } from '../run-files.js';
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

export interface StackOptions {
  root: string;
  outDir: string;
  logDir: string;
  brokers: string[];
  /** A database of the run's own; dropped and created afresh. */
  databaseUrl: string;
  topicPrefix: string;
  run: SimRun;
  /** CLOCK_* variables every service reads its (simulated) time from. */
  clockEnv: Record<string, string>;
  /** Instances of each service in one consumer group (default 1). */
  instances?: number;
  /** HTTP port of the first instance of the first service; others follow. */
  basePort?: number;
  /** The simulated sources' API keys and HMAC secrets, for ingestion's doors. */
  sourceCredentials?: DoorCredentials;
  /** Node flags for one service's processes (e.g. --cpu-prof to profile it). */
  nodeArgs?: (service: string) => string[];
  /** Variables per service, over the stack's own (the bench lifts provider rate limits). */
  serviceEnv?: Record<string, Record<string, string>>;
  log?: (line: string) => void;
}

export interface CaseItem extends DetectedCase {
  caseId: string;
  origin: string;
  status: string;
  priority: string;
  /** Customer requests the case carries. */
  requests?: number;
}

export interface Stack {
  sinks: DeliverySinks;
  procs: RunningProcesses;
  /** Base URL of the first instance of each service. */
  url: (service: string) => string;
  get: <T>(service: string, pathAndQuery: string) => Promise<T | undefined>;
  metrics: () => Promise<Record<string, string>>;
  cases: () => Promise<CaseItem[]>;
  stop: () => Promise<void>;
}

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

/** The topology command (`pnpm topics`), built: services only verify the topics it makes. */
const TOPICS_COMMAND = fileURLToPath(new URL('../../../cli/dist/main.js', import.meta.url));

/**
 * The whole stack for one generated run: a fresh database, the customers' endpoints, the
 * notification contacts seeded from the run's customers, and every service as its own process
 * (or several per consumer group) on the given clock.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const { run } = opts;
  await recreateDatabase(opts.databaseUrl);
  await promisify(execFile)(process.execPath, [
    TOPICS_COMMAND,
    'topics',
    '--prefix',
    opts.topicPrefix,
    '--brokers',
    opts.brokers.join(','),
  ]);
  const sinks = await startDeliverySinks();
  const seedFile = path.join(opts.outDir, 'contacts.json');
  await writeFile(seedFile, JSON.stringify(contactsSeed(run, sinks)));
  const staffKeys = [
    { key: ADMIN_KEY, role: 'ops_manager', name: 'demo operations manager' },
    { key: 'demo-admin-key-000000001', role: 'admin', name: 'demo admin' },
  ];
  const common: Record<string, string> = {
    DATABASE_URL: opts.databaseUrl,
    KAFKA_BROKERS: opts.brokers.join(','),
    KAFKA_TOPIC_PREFIX: opts.topicPrefix,
    LOG_LEVEL: 'info',
    ...opts.clockEnv,
    API_KEYS: JSON.stringify(staffKeys),
  };
  const credentials = opts.sourceCredentials;
  // Ingestion checks signatures on the services' clock: five wall minutes of it.
  const speed = Number(opts.clockEnv.CLOCK_SPEED ?? '1') || 1;
  const sourceDoors: Record<string, string> = credentials
    ? {
        API_KEYS: JSON.stringify([...staffKeys, ...sourceKeyEntries(credentials)]),
        SOURCE_HMAC_SECRETS: JSON.stringify(credentials.hmacSecrets),
        HMAC_TOLERANCE_SECONDS: String(Math.ceil(300 * speed)),
      }
    : {};
  const specific: Record<string, Record<string, string>> = {
    notification: {
      NOTIFICATION_SEED_FILE: seedFile,
      SMTP_PORT: String(sinks.smtpPort),
      TWILIO_BASE_URL: sinks.smsBaseUrl,
      TWILIO_ACCOUNT_SID: 'ACdemo000000000000000000000000000',
      TWILIO_AUTH_TOKEN: 'demo-twilio-token',
      TWILIO_FROM: '+15550000000',
      DELIVERY_POLL_MS: '200',
      // The customers' webhook receiver is local: private addresses are refused unless allowed.
      WEBHOOK_ALLOWED_TARGETS: '127.0.0.1/32',
    },
    'exception-detector': DETECTOR_ENV,
    ingestion: {
      ...sourceDoors,
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
      env: { ...common, ...(specific[name] ?? {}), ...(opts.serviceEnv?.[name] ?? {}) },
      nodeArgs: opts.nodeArgs?.(name) ?? [],
      ...(i > 0 ? { instance: i + 1 } : {}),
    })),
  );
  opts.log?.(`starting ${specs.length} service processes (logs in ${opts.logDir})`);
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
  const cases = async () => {
    const out: CaseItem[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: CaseItem[]; nextCursor: string | null } | undefined = await get(
        'exception-detector',
        `/v1/cases?status=all&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      if (!page) break;
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await procs.stop();
    await sinks.close();
  };
  return { sinks, procs, url, get, metrics, cases, stop };
}
