// The fault suite (issue 14, part 8): the same seeded day played through the whole stack once
// undisturbed and once per fault, each fault hitting the real processes while the load flows;
// then the stack drains and each run is compared with the baseline. Run through run.sh, which
// provides the suite's own broker and PostgreSQL cluster (never the shared ones).
import { execFile } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compareRuns, failed } from './compare.mjs';
import { drain } from './drain.mjs';
import { readDeadLetters, readTables } from './observe.mjs';
import { pauseService, Restarted, servicesGone, stopServices } from './processes.mjs';
import { renderResults, scenarioLine } from './results.mjs';
import { retryingSourcesFetch } from './sources.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { runDay, SERVICES } = await import(
  path.join(root, 'packages/simulator/dist/demo/run-day.js')
);
const { sumMetric } = await import(path.join(root, 'packages/simulator/dist/demo/metrics.js'));
const { generateDay } = await import(path.join(root, 'packages/simulator/dist/index.js'));
const { planDoors } = await import(path.join(root, 'packages/simulator/dist/doors.js'));
const sh = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const portOpen = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
const startedAt = Date.now();
/** Progress on stderr, so a stuck phase shows where it stuck. */
const note = (line) =>
  process.stderr.write(
    `  [${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}\n`,
  );

/** Bounds a step that must not hang the suite; the error names it. */
async function within(ms, what, promise) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise(
        (_, reject) =>
          (timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const env = process.env;
const knobs = {
  seed: Number(env.FAULTS_SEED ?? 14),
  orders: Number(env.FAULTS_ORDERS ?? 30),
  days: Number(env.FAULTS_DAYS ?? 2),
  speed: Number(env.FAULTS_SPEED ?? 4320),
  faultAt: Number(env.FAULTS_AT ?? 0.35),
  outageS: Number(env.FAULTS_DB_OUTAGE_S ?? 30),
  pauseS: Number(env.FAULTS_PAUSE_S ?? 40),
  pauseService: env.FAULTS_PAUSE_SERVICE ?? 'exception-detector',
  drainS: Number(env.FAULTS_DRAIN_TIMEOUT_S ?? 180),
  basePort: Number(env.FAULTS_BASE_PORT ?? 4701),
  // Unset: adaptive (below).
  leadS: env.FAULTS_LEAD_S ? Number(env.FAULTS_LEAD_S) : undefined,
};

// The services read the sim clock's anchor when they start, so the day's clock starts a lead
// after the stack does. A stack ready only after it finds the day run ahead: the publisher sends
// the missed hours at once and the fault lands after the last send (RESULTS.md, cfb5998, load
// 30-45). Unless FAULTS_LEAD_S fixes it, the lead follows the slowest start seen in this run,
// with half as much again to spare, within 30-150 s.
let leadMs = (knobs.leadS ?? 30) * 1000;
const learnLead = (readyMs) => {
  if (knobs.leadS !== undefined) return;
  leadMs = Math.min(150_000, Math.max(leadMs, Math.ceil(readyMs * 1.5) + 5_000));
};
const brokers = (env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const pgBase = env.FAULTS_PG_URL;
const stateDir = env.FAULTS_STATE;
if (!brokers.length || !pgBase || !stateDir || !env.FOREWARN_STATE)
  throw new Error(
    'run the suite through infra/faults/run.sh (KAFKA_BROKERS, FAULTS_PG_URL, FAULTS_STATE, FOREWARN_STATE)',
  );
if (brokers.some((b) => b.endsWith(':9092')) || pgBase.includes(':5432'))
  throw new Error('the fault suite must not use the shared broker (9092) or database (5432)');

const pgCtl = (what) => sh('bash', [path.join(root, 'infra/faults/pg.sh'), what], { env });
const brokerPidFile = path.join(env.FOREWARN_STATE, 'kafka', 'broker.pid');

const killService = (service) => ({
  name: `kill -9 ${service}`,
  fault: async ({ restarted, logDir }) => {
    const r = await restarted.killAndRestart(service, logDir);
    return `pid ${r.killedPid} killed, ${service} ready again ${(r.readyMs / 1000).toFixed(1)} s after restart`;
  },
});

const SCENARIOS = {
  baseline: { name: 'baseline (no fault)', fault: undefined },
  // The control: the same day again with no fault must compare at zero, or the counts are noise.
  rerun: { name: 'rerun, no fault (control)', fault: undefined },
  'kill-order': killService('order'),
  'kill-shipment': killService('shipment'),
  'kill-exception-detector': killService('exception-detector'),
  'kill-notification': killService('notification'),
  // The doors stop: the feeds that come only through them (the EDI and the webhook carrier)
  // and their shipments' scans may each show the fault's own silence.
  'kill-ingestion': { ...killService('ingestion'), silences: 'doors' },
  'kill-broker': {
    name: 'kill -9 broker',
    fault: async () => {
      const pid = Number((await readFile(brokerPidFile, 'utf8')).trim());
      process.kill(pid, 'SIGKILL');
      const t0 = Date.now();
      while (Date.now() - t0 < 10_000) {
        try {
          process.kill(pid, 0);
          await sleep(100);
        } catch {
          break;
        }
      }
      // start.sh greps the broker log for its start line: begin a fresh one.
      await truncate(path.join(env.FOREWARN_STATE, 'kafka', 'broker.log')).catch(() => undefined);
      // Recovery after an unclean stop can outlast start.sh's 60 s on a loaded machine; the
      // broker it started keeps starting, so wait for it a while longer.
      const slow = await sh('bash', [path.join(root, 'infra/kafka/start.sh')], { env }).then(
        () => '',
        async (err) => {
          const port = Number(env.KAFKA_PORT);
          const until = Date.now() + 120_000;
          while (Date.now() < until) {
            if (await portOpen(port))
              return ' (start.sh gave up at 60 s; the broker came up after)';
            await sleep(1_000);
          }
          throw err;
        },
      );
      return `broker pid ${pid} killed, back in ${((Date.now() - t0) / 1000).toFixed(1)} s${slow}`;
    },
  },
  'restart-postgres': {
    name: 'restart PostgreSQL',
    fault: async () => {
      const t0 = Date.now();
      await pgCtl('restart');
      return `pg_ctl restart -m fast took ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    },
  },
  'pause-consumer': {
    name: `pause ${knobs.pauseService} ${knobs.pauseS} s`,
    fault: async () => {
      const { pid } = await pauseService(knobs.pauseService, knobs.pauseS * 1000);
      return `pid ${pid} SIGSTOP ${knobs.pauseS} s (session timeout 30 s), SIGCONT`;
    },
  },
  'db-outage': {
    name: `database down ${knobs.outageS} s`,
    fault: async () => {
      const t0 = Date.now();
      await pgCtl('crash');
      await sleep(knobs.outageS * 1000);
      await pgCtl('start');
      return `stopped (immediate), started after ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    },
  },
};

// The fault fires at a point of the sim day, not of the message count: a stack slow to start
// (a loaded machine) then sends the first hours at once, and a count would fire late in the day.
const { window } = generateDay({ seed: knobs.seed, orders: knobs.orders, days: knobs.days });
const faultSimAt =
  Date.parse(window.start) + knobs.faultAt * (Date.parse(window.end) - Date.parse(window.start));

/**
 * Subjects (`kind:id`) a scenario's fault silences, whose silence cases may exceed the
 * baseline's by one each (compare.mjs): none, unless the fault stops a source's way in.
 */
function silencedBy(scenario) {
  if (scenario.silences !== 'doors') return new Set();
  const plan = planDoors(knobs.seed);
  const sources = new Set([plan.edi, plan.webhook].filter(Boolean).map((c) => `carrier:${c}`));
  const { emissions } = generateDay({ seed: knobs.seed, orders: knobs.orders, days: knobs.days });
  const shipments = emissions
    .filter((e) => sources.has(e.event?.sourceSystem) && e.event?.refs?.shipmentId)
    .map((e) => `shipment:${e.event.refs.shipmentId}`);
  return new Set([...[...sources].map((src) => `source_system:${src}`), ...shipments]);
}

// The machine's load while the suite runs (the results say what the figures were measured under).
const load = { min: Infinity, max: 0 };
const sampleLoad = () => {
  const one = os.loadavg()[0];
  load.min = Math.min(load.min, one);
  load.max = Math.max(load.max, one);
};
sampleLoad();
setInterval(sampleLoad, 10_000).unref();

const only = env.FAULTS_ONLY ? env.FAULTS_ONLY.split(',') : Object.keys(SCENARIOS);
for (const id of only)
  if (!SCENARIOS[id]) throw new Error(`unknown scenario ${id}; known: ${Object.keys(SCENARIOS)}`);
const order = ['baseline', ...only.filter((id) => id !== 'baseline')];

// Sources retry what the stack could not take (sources.mjs); the simulator uses global fetch.
const ports = new Set(SERVICES.map((_, i) => knobs.basePort + i));
globalThis.fetch = retryingSourcesFetch(globalThis.fetch, { ports, giveUpMs: 180_000 });

// Stopped from outside (Ctrl-C, CI's timeout): stop the scenario's processes before leaving.
let stopCurrent = async () => undefined;
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => void stopCurrent().finally(() => process.exit(130)));
// A crash of the suite itself (an unhandled error in a sink or client) must not leave the
// scenario's services running against a broker and cluster run.sh is about to remove.
process.once('uncaughtException', (err) => {
  console.error(err);
  void stopCurrent().finally(() => process.exit(1));
});

/** Message keys that are source events: inbox ids of what a source system sent, not domain ids. */
let isSourceKey = () => true;

async function play(id) {
  const scenario = SCENARIOS[id];
  const tag = id.replace(/[^a-z0-9]/g, '_');
  const logDir = path.join(stateDir, 'logs', id);
  const outDir = path.join(stateDir, 'runs', id);
  await mkdir(logDir, { recursive: true });
  const databaseUrl = `${pgBase}/faults_${tag}`;
  const topicPrefix = `faults.${tag}.${Date.now().toString(36)}.`;
  const restarted = new Restarted();
  const t0 = Date.now();
  let fire;
  const triggered = new Promise((r) => (fire = r));
  let day;
  let faultNote = '';
  let faultAt;
  stopCurrent = async () => {
    await restarted.stopAll();
    // Stopped while the day was still being played: runDay has not handed over its stop().
    if (!day) return stopServices();
    await Promise.race([day.stop(), servicesGone(40_000)]).catch((err) => note(err.message));
  };
  note(`${id}: starting the stack (logs ${logDir})`);
  let lastNoted = 0;
  try {
    const dayRun = runDay({
      root,
      outDir,
      logDir,
      brokers,
      databaseUrl,
      topicPrefix,
      seed: knobs.seed,
      orders: knobs.orders,
      days: knobs.days,
      speed: knobs.speed,
      basePort: knobs.basePort,
      leadMs,
      onProgress: (p) => {
        if (Date.now() - lastNoted > 10_000 || p.done) {
          lastNoted = Date.now();
          note(`${id}: ${p.sent}/${p.total} sent, sim ${p.simTime.slice(0, 16)}`);
        }
        if (p.simTime && Date.parse(p.simTime) >= faultSimAt) fire(p);
      },
    });
    const faultDone = scenario.fault
      ? Promise.race([triggered, dayRun.then(() => undefined)]).then(async (p) => {
          if (!p) throw new Error('the day ended before the fault fired');
          faultAt = p;
          note(`${id}: fault at ${p.sent}/${p.total} sent, sim ${p.simTime.slice(0, 16)}`);
          const done = await scenario.fault({ restarted, logDir });
          note(`${id}: ${done}`);
          return `at sim ${p.simTime.slice(5, 16)}Z, ${p.sent}/${p.total} sent: ${done}`;
        })
      : Promise.resolve('');
    const [dayResult, faultResult] = await Promise.allSettled([dayRun, faultDone]);
    if (dayResult.status === 'fulfilled') day = dayResult.value;
    if (faultResult.status === 'rejected') throw faultResult.reason;
    if (dayResult.status === 'rejected') throw dayResult.reason;
    learnLead(day.readyMs);
    const start = `stack ready in ${(day.readyMs / 1000).toFixed(0)} s, ${day.lateMs > 0 ? `${(day.lateMs / 1000).toFixed(0)} s after the day began (it ran ahead)` : `${(-day.lateMs / 1000).toFixed(0)} s before the day began`}`;
    note(`${id}: ${start}`);
    faultNote = [faultResult.value, start].filter(Boolean).join('; ');
    const urls = Object.fromEntries(
      SERVICES.map(([n], i) => [n, `http://127.0.0.1:${knobs.basePort + i}`]),
    );
    note(`${id}: day played; draining`);
    const drainMs = await drain({
      urls,
      databaseUrl,
      sumMetric,
      timeoutMs: knobs.drainS * 1000,
      simNow: () => day.clock.nowMs(),
    });
    note(`${id}: drained in ${(drainMs / 1000).toFixed(0)} s; counting`);
    const tables = await within(60_000, 'reading the tables', readTables(databaseUrl));
    // Kept beside the run's logs: what a count is made of, for whoever reads a failure.
    await writeFile(path.join(logDir, 'cases.json'), JSON.stringify(tables.cases, null, 1));
    const deadLetters = await within(
      90_000,
      'reading the dead letters',
      readDeadLetters(brokers, topicPrefix),
    );
    return {
      id,
      name: scenario.name,
      faultNote,
      seconds: (Date.now() - t0) / 1000,
      drainSeconds: drainMs / 1000,
      published: day.published.sent,
      // A fault after the day's last send tests recovery, not the fault under load.
      faultAfterLastSend: faultAt !== undefined && faultAt.sent >= faultAt.total,
      sourceEventIds: day.run.emissions
        .filter((e) => e.kind === 'event')
        .map((e) => e.event.eventId),
      obs: { ...tables, deadLetters, sinks: { ...day.sinks.received } },
    };
  } finally {
    await stopCurrent();
  }
}

const results = [];
let baseline;
let exitCode = 0;
for (const id of order) {
  let result;
  try {
    result = await play(id);
  } catch (err) {
    result = {
      id,
      name: SCENARIOS[id].name,
      error: err instanceof Error ? err.message : String(err),
    };
  }
  if (id === 'baseline') {
    if (result.error) {
      console.error(`baseline failed: ${result.error}`);
      exitCode = 1;
      results.push(result);
      break;
    }
    baseline = result;
    // Domain events' ids depend on when a timer fired; source events' ids are the seed's.
    const sourceIds = new Set([
      ...result.sourceEventIds,
      ...result.obs.received.map((r) => r.slice(r.lastIndexOf('/') + 1)),
    ]);
    isSourceKey = (key) => sourceIds.has(key.split(/[/|]/).pop());
    const counts = { inbox: result.obs.inbox.length, received: result.obs.received.length };
    result.figures = {
      ...counts,
      cases: result.obs.cases.length,
      notices: result.obs.notices.length,
      dlq: result.obs.deadLetters.length,
    };
  } else if (!result.error) {
    result.verdict = compareRuns(baseline.obs, result.obs, isSourceKey, silencedBy(SCENARIOS[id]));
    result.verdict.failed = failed(result.verdict) || result.faultAfterLastSend;
    if (result.faultAfterLastSend)
      result.faultNote = `NOT UNDER LOAD: the fault came after the last send. ${result.faultNote}`;
    if (result.verdict.failed) exitCode = 1;
  } else exitCode = 1;
  results.push(result);
  console.log(scenarioLine(result));
}

sampleLoad();
const md = renderResults({
  knobs,
  results,
  retries: retryingSourcesFetch.retries,
  load,
  minutes: (Date.now() - startedAt) / 60_000,
});
const resultsFile = env.FAULTS_RESULTS ?? path.join(root, 'infra/faults/RESULTS.md');
await writeFile(resultsFile, md);
const failedCount = results.filter((r) => r.error || r.verdict?.failed).length;
console.log(
  `FAULTS ${failedCount === 0 ? 'PASS' : 'FAIL'}  ${results.length - 1} scenario(s) against the baseline, ${failedCount} failed, ${((Date.now() - startedAt) / 60_000).toFixed(1)} min, load average ${load.min.toFixed(1)}–${load.max.toFixed(1)} (${path.relative(root, resultsFile)})`,
);
process.exit(exitCode);
