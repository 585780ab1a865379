import { clockEnv, createSimClock, type SimClock } from '../clock.js';
import { doorCredentials, planDoors, sourcesOf, type DoorPlan } from '../doors.js';
import { generateDay, type SimRun } from '../generate-day.js';
import { publish, type PublishProgress, type PublishReport } from '../publish.js';
import { writeRunFiles } from '../run-files.js';
import { sumMetric } from './metrics.js';
import type { RunningProcesses } from './processes.js';
import type { DeliverySinks } from './sinks.js';
import { ADMIN_KEY, SERVICES, startStack, type CaseItem } from './stack.js';

export { ADMIN_KEY, SERVICES, type CaseItem };

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
  /** false: everything straight to Kafka (default: part of the day through ingestion's doors). */
  doors?: boolean;
  /**
   * Wall ms from starting the stack to the sim day's start (default 20 s). The services read
   * the clock's anchor when they start, so the day cannot wait for them: a stack ready only
   * after the anchor finds the clock run ahead, and the publisher sends the hours it missed at
   * once. A caller on a loaded machine gives more (the fault suite: its stacks' start times).
   */
  leadMs?: number;
  onProgress?: (p: PublishProgress) => void;
  log?: (line: string) => void;
}

export interface DayRun {
  run: SimRun;
  /** Which sources used which door (undefined: all went to Kafka). */
  doorPlan?: DoorPlan;
  clock: SimClock;
  /** Wall ms the stack took to start (database, topics, every service ready). */
  readyMs: number;
  /** Wall ms the stack was ready after the clock's start (> 0: the day had run ahead of it). */
  lateMs: number;
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
/** Sim time past the last detection deadline for the timers and consumers to settle. */
const SETTLE_MS = 6 * 3_600_000;

/** Longer than the detector's DETECTOR_SOURCE_IDLE_MS (10 s) plus a timer poll. */
const REST_MS = 15_000;

/** What the summary and the console's dashboard read; unchanged for REST_MS is at rest. */
async function figures(get: DayRun['get']): Promise<string> {
  const read = await Promise.all([
    get('exception-detector', '/v1/dashboard/cases?days=30'),
    get('notification', '/v1/notices/stats'),
    get('notification', '/v1/proactivity'),
    get('order', '/v1/kpis'),
  ]);
  return JSON.stringify(read);
}

async function atRest(read: () => Promise<string>, until: number): Promise<void> {
  let last = await read();
  let since = Date.now();
  while (Date.now() - since < REST_MS && Date.now() < until) {
    await sleep(1000);
    const now = await read();
    if (now !== last) [last, since] = [now, Date.now()];
  }
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
  const doorPlan = opts.doors === false ? undefined : planDoors(opts.seed);
  const credentials = doorPlan
    ? doorCredentials(sourcesOf(run.emissions), doorPlan, opts.seed)
    : undefined;
  if (doorPlan) {
    log(
      `doors: ${doorPlan.edi} tracking as EDI 214 files, ${doorPlan.webhook} relayed by EasyPost's webhook, ${Math.round(doorPlan.eventsShare * 100)} % of ERP/WMS orders as JSON to /v1/events, the rest to Kafka`,
    );
  }
  // The day ends once the absence rules' last deadline has passed (and the window with it); the
  // clock every process reads stops there, so a stack left running after the summary keeps the
  // figures the summary read: no timer due later fires, no rolling window moves on.
  const dayEnd =
    Math.max(
      ...run.groundTruth.map((t) => Date.parse(t.detectableBy)),
      Date.parse(run.window.end),
    ) + SETTLE_MS;
  // Services start before sim time begins, so none of them misses the first events' clock.
  const starting = Date.now();
  const clock = createSimClock({
    start: run.window.start,
    speed: opts.speed,
    anchor: starting + (opts.leadMs ?? 20_000),
    end: dayEnd,
  });
  const stack = await startStack({
    ...opts,
    run,
    ...(credentials ? { sourceCredentials: credentials } : {}),
    clockEnv: clockEnv(clock),
  });
  const readyMs = Date.now() - starting;
  const lateMs = Date.now() - clock.anchor;
  if (lateMs > 0)
    log(
      `the stack was ready ${(lateMs / 1000).toFixed(1)} s after the day began: the clock ran ahead (a longer lead)`,
    );
  const { sinks, procs, url, get, metrics, cases, stop } = stack;

  try {
    // Customer-initiated requests reach the detector's API at their sim time.
    const requestsDone = (async () => {
      let sent = 0;
      for (const r of [...run.requests].sort((a, b) => a.at.localeCompare(b.at))) {
        const wait = clock.toWall(Date.parse(r.at)) - Date.now();
        if (wait > 0) await sleep(wait);
        const res = await fetch(`${url('exception-detector')}/v1/requests`, {
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
      historyUntil: Date.parse(run.window.start),
      progressEveryMs: 1000,
      ...(doorPlan && credentials
        ? {
            doors: {
              baseUrl: url('ingestion'),
              plan: doorPlan,
              credentials,
              now: () => clock.nowMs(),
            },
          }
        : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    const requestsSent = await requestsDone;

    // Absence rules need their deadlines to pass; then every consumer must have caught up.
    log(
      `waiting for detection deadlines (sim ${new Date(dayEnd).toISOString().slice(0, 16)}Z, where the clock stops) and consumers to catch up`,
    );
    const deadline = Date.now() + 5 * 60_000;
    while (Date.now() < deadline) {
      const all = await metrics();
      const lag = Object.values(all).reduce(
        (s, t) => s + sumMetric(t, 'forewarn_kafka_consumer_lag'),
        0,
      );
      if (clock.nowMs() >= dayEnd && lag === 0) break;
      await sleep(1000);
    }
    // Caught up is not at rest: absence timers wait for the sources to count as quiet, and
    // notices still go out. On the stopped clock the stack comes to rest, and the summary is
    // read there, so the console shows the same figures however long the stack runs on.
    log('waiting for the figures to come to rest on the stopped clock');
    await atRest(() => figures(get), deadline + 5 * 60_000);

    return {
      run,
      ...(doorPlan ? { doorPlan } : {}),
      clock,
      readyMs,
      lateMs,
      published,
      requestsSent,
      sinks,
      procs,
      url,
      get,
      metrics,
      cases,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
