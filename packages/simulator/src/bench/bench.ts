import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { allTopics, prefixed, TOPIC } from '@forewarn/contracts';
import { createKafka } from '@forewarn/kafka';
import { createLogger, startOtlpReceiver, type OtlpReceiver } from '@forewarn/observability';
import { createSimClock } from '../clock.js';
import { generateDay } from '../generate-day.js';
import { writeRunFiles } from '../run-files.js';
import { sumMetric } from '../demo/metrics.js';
import { SERVICES, startStack } from '../demo/stack.js';
import { BENCH_SERVICE_SETTINGS } from './service-settings.js';
import { isEventDriven, isTimeDriven, scoreTypes } from './detection.js';
import { benchOptions, USAGE } from './options.js';
import { collectOutcomes } from './outcomes.js';
import { summarize } from './percentiles.js';
import { runPhase, type PhaseResult } from './phase.js';
import {
  findPids,
  groupUsageBetween,
  readEach,
  readUsage,
  usageBetween,
  type ProcessUsage,
} from './proc.js';
import { measureCeiling } from './ceiling.js';
import { latestProfile } from './profile-file.js';
import { readToEnd } from './read-topics.js';
import { renderResult } from './render.js';
import type { BenchResult, PhaseFigures } from './result.js';
import { describeMachine, gitCommit } from './machine.js';
import { runPacedScoring } from './paced-scoring.js';
import { duplicateCases, maxPerService, sumPerService } from './scale-out.js';
import { deleteTopics, saveResult } from './save.js';
import { checkTargets } from './targets.js';
import { stageBreakdown, type StageBreakdown } from './stages.js';
import { traceLatencies, type TracedLatency } from './trace.js';

/**
 * Tracing for the benchmark: every service exports a share of its traces (parent-based, so a
 * kept trace is kept by every service it reaches) to an OTLP/HTTP receiver in this process.
 */
async function benchTracing(
  share: number,
): Promise<{ receiver: OtlpReceiver | null; settings: Record<string, Record<string, string>> }> {
  if (share <= 0) return { receiver: null, settings: BENCH_SERVICE_SETTINGS };
  const receiver = await startOtlpReceiver();
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: String(share),
  };
  const settings = Object.fromEntries(
    names.map((s) => [s, { ...BENCH_SERVICE_SETTINGS[s], ...tracing }]),
  );
  return { receiver, settings };
}

const names = SERVICES.map(([n]) => n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Another stack on the demo's ports would answer our readiness checks in our services' stead. */
async function assertPortsFree(basePort: number): Promise<void> {
  for (const [i, [name]] of SERVICES.entries()) {
    const port = basePort + i;
    const answered = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      () => true,
      () => false,
    );
    if (answered)
      throw new Error(
        `port ${port} (${name}) already answers: stop the stack running there (a demo or an earlier bench) first`,
      );
  }
}

async function assertAlive(pids: Record<string, number>, stop: () => Promise<void>): Promise<void> {
  await sleep(1000);
  const dead = Object.entries(pids).filter(([, pid]) => !readUsage(pid));
  if (dead.length === 0) return;
  await stop();
  throw new Error(`exited after start: ${dead.map(([s]) => s).join(', ')} (see their logs)`);
}
const log = (line: string) => console.log(`▸ ${new Date().toISOString().slice(11, 19)} ${line}`);

function figures(
  p: PhaseResult,
  cases: TracedLatency[],
  notices: TracedLatency[],
  pacedAt?: number,
): PhaseFigures {
  const inPhase = (l: TracedLatency[]) => l.filter((x) => x.sourceAt >= p.startedAt);
  const firstHops = inPhase(cases).flatMap((x) => x.firstHopMs ?? []);
  return {
    messages: p.published.sent,
    publishSeconds: p.published.elapsedMs / 1000,
    publishPerSecond: p.published.messagesPerSecond,
    drainSeconds: p.drainedAt === null ? null : (p.drainedAt - p.startedAt) / 1000,
    eventsPerSecond: p.eventsPerSecond,
    perService: p.perService,
    ...(pacedAt ? { pacedAt } : {}),
    latency: {
      caseOpened: summarize(inPhase(cases).map((x) => x.ms)),
      noticeSent: summarize(inPhase(notices).map((x) => x.ms)),
      caseFirstHop: summarize(firstHops),
    },
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(USAGE);
  const o = benchOptions(process.argv.slice(2));
  // Before the stack starts: its load average tells what else the machine was doing.
  const machine = describeMachine();
  const wallStart = Date.now();
  const stamp = new Date(wallStart).toISOString().replace(/[:.]/g, '-');
  const outDir = path.join(o.root, '.forewarn', 'bench');
  const logDir = path.join(o.root, '.forewarn', 'logs', 'bench');
  const profileDir = path.join(outDir, `profile-${stamp}`);
  // Each profiled service writes into a directory of its own; the report summarises the first.
  const profiled = o.profile ? o.profile.split(',') : [];
  await mkdir(logDir, { recursive: true });
  const prefix = `bench.${wallStart.toString(36)}.`;
  const dbUrl = new URL(o.databaseUrl);
  dbUrl.pathname = '/forewarn_bench';

  await assertPortsFree(o.basePort);
  const run = generateDay({ seed: o.seed, orders: o.orders, days: o.days });
  await writeRunFiles(outDir, run);
  const split = Math.floor(run.emissions.length * o.burstShare);
  const [burst, rest] = [run.emissions.slice(0, split), run.emissions.slice(split)];
  log(
    `${run.emissions.length} source messages (${burst.length} unpaced, ${rest.length} paced), ${run.groundTruth.length} injected exceptions`,
  );
  // Services read a sim clock that stays near one working afternoon (US and EU out of quiet
  // hours), so notices go out at once and no absence deadline of the window comes due.
  const clockEnv = {
    CLOCK_SIM_ANCHOR: new Date(Date.parse(run.window.start) + 13 * 3_600_000).toISOString(),
    CLOCK_WALL_ANCHOR_MS: String(Date.now()),
    CLOCK_SPEED: '1',
  };
  const traced = await benchTracing(o.traceShare);
  const stack = await startStack({
    root: o.root,
    outDir,
    logDir,
    brokers: o.brokers,
    databaseUrl: dbUrl.toString(),
    topicPrefix: prefix,
    run,
    clockEnv,
    basePort: o.basePort,
    instances: o.instances,
    nodeArgs: (s) =>
      profiled.includes(s) ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, s)}`] : [],
    serviceEnv: traced.settings,
    log,
  });
  await assertAlive(stack.procs.pids, stack.stop);
  const kafka = createKafka(
    { brokers: o.brokers, clientId: 'forewarn-bench' },
    createLogger({ name: 'bench', level: 'error' }),
  );
  const admin = kafka.admin();
  await admin.connect();
  // Per process: with --instances, `order` and `order#2` are each a row.
  const pids = stack.procs.pids;
  const labels = Object.keys(pids);
  const before = Object.fromEntries(labels.map((s) => [s, readUsage(pids[s]!)]));
  // The usage of instances stopped for the rebalance, read just before they stopped.
  const stoppedUsage: Record<string, ReturnType<typeof readUsage>> = {};
  const stopped = labels.filter((l) => l.endsWith(`#${o.instances}`));
  let rebalance: Promise<void> | undefined;
  // The broker and the database share the two cores; their CPU tells what else limits us.
  const infra = {
    'kafka broker': () => findPids((c) => c.includes('kafka.Kafka')),
    postgresql: () => findPids((c) => /^postgres(:| )/.test(c)),
  };
  const infraBefore = Object.fromEntries(
    Object.entries(infra).map(([k, find]) => [k, readEach(find())]),
  );
  const benchCpuBefore = process.cpuUsage();
  const resources: Record<string, ProcessUsage> = {};
  const phase = {
    brokers: o.brokers,
    topicPrefix: prefix,
    admin,
    services: names,
    timeoutMs: o.timeoutSeconds * 1000,
    log,
  };
  let unpaced: PhaseResult;
  let paced: PhaseResult | null = null;
  let pacedAt = 0;
  let tailStartedAt = Number.POSITIVE_INFINITY;
  let cases: Awaited<ReturnType<typeof stack.cases>>;
  let metrics: Record<string, string>;
  try {
    if (o.rebalanceAt !== undefined) {
      const at = o.rebalanceAt;
      rebalance = sleep(at * 1000).then(async () => {
        log(`rebalance: stopping ${stopped.join(', ')} ${at} s into the unpaced phase`);
        for (const l of stopped) stoppedUsage[l] = readUsage(pids[l]!);
        await Promise.all(stopped.map((l) => stack.procs.stopOne(l)));
      });
    }
    unpaced = await runPhase({ ...phase, name: 'unpaced', emissions: burst });
    await rebalance;
    log(`unpaced: ${unpaced.eventsPerSecond ?? 'n/a'} source events/s end to end`);
    if (rest.length > 0) {
      pacedAt = o.pacedRate ?? Math.max(20, Math.round((unpaced.eventsPerSecond ?? 100) / 2));
      const slice = rest.slice(0, Math.max(2, Math.round(pacedAt * o.pacedSeconds)));
      const span = Math.max(1, slice[slice.length - 1]!.emitAt - slice[0]!.emitAt);
      const speed = span / ((slice.length / pacedAt) * 1000);
      log(
        `paced: ${slice.length} messages at ${pacedAt}/s on average (sim speed ${speed.toFixed(0)}×)`,
      );
      const clock = createSimClock({ start: slice[0]!.emitAt, speed, anchor: Date.now() });
      paced = await runPhase({ ...phase, name: 'paced', emissions: slice, clock });
      // The rest of the day goes unpaced and unmeasured, so detection is scored on a whole day.
      const tail = rest.slice(slice.length);
      if (tail.length > 0) {
        tailStartedAt = Date.now();
        await runPhase({ ...phase, name: 'tail', emissions: tail });
      }
    }
    for (const s of labels) {
      const [a, b] = [before[s], stoppedUsage[s] ?? readUsage(pids[s]!)];
      if (a && b) resources[s] = usageBetween(a, b);
    }
    for (const [k, find] of Object.entries(infra))
      resources[k] = groupUsageBetween(infraBefore[k]!, readEach(find()));
    const cpu = process.cpuUsage(benchCpuBefore);
    resources['bench (publisher, probes)'] = {
      userSeconds: cpu.user / 1e6,
      systemSeconds: cpu.system / 1e6,
      rssMiB: process.memoryUsage().rss / 2 ** 20,
      peakRssMiB: readUsage(process.pid)?.peakRssMiB ?? 0,
    };
    metrics = await stack.metrics();
    cases = await stack.cases();
  } finally {
    log('stopping services');
    // Each service exports what it still holds as it stops.
    await stack.stop();
  }
  let stages: StageBreakdown | null = null;
  if (traced.receiver) {
    stages = stageBreakdown(traced.receiver.spans, o.traceShare);
    await traced.receiver.close();
  }

  log('ceiling: a bare consumer reads the source topics');
  const sourceTopics = allTopics
    .filter((t) => t.kind === 'source')
    .map((t) => prefixed(prefix, t.name));
  const ceiling = await measureCeiling(kafka, sourceTopics);
  log('reading back source and domain topics to trace latencies');
  const isSource = new Set(sourceTopics);
  const collector = collectOutcomes((t) => isSource.has(t));
  const domainTopics = [TOPIC.orders, TOPIC.shipments, TOPIC.cases, TOPIC.notifications].map((t) =>
    prefixed(prefix, t),
  );
  await readToEnd(kafka, [...sourceTopics, ...domainTopics], collector.onBatch);
  const caseLat = traceLatencies(collector.graph, collector.caseOpened);
  const noticeLat = traceLatencies(collector.graph, collector.noticeSent);
  const burstCases = caseLat.traced.filter((x) => !paced || x.sourceAt < paced.startedAt);
  const burstNotices = noticeLat.traced.filter((x) => !paced || x.sourceAt < paced.startedAt);

  const pacedScoring = o.pacedRun
    ? await assertPortsFree(o.basePort)
        .then(() => runPacedScoring({ ...o, outDir, logDir, prefix, log }))
        .catch((err: unknown) => {
          log(`paced run failed, time-driven types not scored: ${String(err)}`);
          return null;
        })
    : null;
  if (!o.keepTopics) await deleteTopics(admin, prefix);
  await admin.disconnect();

  const burstFigures = figures(unpaced, burstCases, burstNotices);
  const beforeTail = (l: TracedLatency[]) => l.filter((x) => x.sourceAt < tailStartedAt);
  const pacedFigures = paced
    ? figures(paced, beforeTail(caseLat.traced), beforeTail(noticeLat.traced), pacedAt)
    : null;
  const [first] = profiled;
  const profile = first ? await latestProfile(path.join(profileDir, first)) : undefined;
  if (profiled.length > 1)
    log(`CPU profiles in ${profileDir}/<service> (profile-summary.js <dir> summarises one)`);
  const detection = {
    bench: scoreTypes(run.groundTruth, cases, isEventDriven),
    paced: pacedScoring?.scores ?? null,
    pacedRun: pacedScoring?.run ?? null,
    timeDrivenCasesInBench: cases.filter((c) => c.origin !== 'customer' && isTimeDriven(c.caseType))
      .length,
  };
  const peakRssMiB = maxPerService(
    Object.fromEntries(Object.entries(resources).map(([l, u]) => [l, u.peakRssMiB])),
    names,
  );
  const perLabel = (metric: string) =>
    sumPerService(
      Object.fromEntries(labels.map((l) => [l, sumMetric(metrics[l] ?? '', metric)])),
      names,
    );
  const dupCases = duplicateCases(cases);
  const result: BenchResult = {
    at: new Date(wallStart).toISOString(),
    command: `pnpm bench ${process.argv.slice(2).join(' ')}`.trim(),
    commit: gitCommit(o.root),
    machine,
    serviceSettings: traced.settings,
    config: o.describe(),
    run: {
      sourceMessages: run.emissions.length,
      malformed: run.emissions.filter((e) => e.kind === 'malformed').length,
      groundTruth: run.groundTruth.length,
      window: run.window,
    },
    phases: { burst: burstFigures, paced: pacedFigures },
    latencyUntraced: { caseOpened: caseLat.untraced, noticeSent: noticeLat.untraced },
    resources,
    ceiling,
    detection,
    processed: perLabel('forewarn_kafka_messages_processed_total'),
    deadLettered: perLabel('forewarn_kafka_messages_dead_lettered_total'),
    scaleOut: {
      instances: o.instances,
      rebalanceAt: o.rebalanceAt ?? null,
      stopped: o.rebalanceAt === undefined ? [] : stopped,
      duplicateCases: dupCases.n,
      duplicateCaseExamples: dupCases.examples,
      repeatedNotices: {
        email: stack.sinks.received.emailRepeated,
        webhook: stack.sinks.received.webhookRepeated,
      },
    },
    profile: profile && first ? { service: first, ...profile } : null,
    stages,
    targets: checkTargets({
      eventsPerSecond: burstFigures.eventsPerSecond,
      caseP99Ms: (pacedFigures ?? burstFigures).latency.caseOpened.p99,
      peakRssMiB,
      detection: { ...detection.bench, ...(detection.paced ?? {}) },
    }),
    wallSeconds: (Date.now() - wallStart) / 1000,
  };
  const markdown = renderResult(result);
  console.log(`\n${markdown}`);
  if (o.json) console.log(JSON.stringify(result, null, 2));
  if (o.save) {
    const saved = await saveResult(o.root, stamp, result, markdown);
    log(`results: ${saved.json} and ${saved.markdown}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
