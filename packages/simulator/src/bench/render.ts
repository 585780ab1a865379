import { renderProfile } from './cpuprofile.js';
import { renderStages } from './stages.js';
import { describeSettings } from './service-settings.js';
import type { LatencySummary } from './percentiles.js';
import type { BenchResult, PhaseFigures } from './result.js';

const n = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined ? 'n/a' : v.toFixed(digits);
const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)} %`);
const ms = (s: LatencySummary) =>
  s.count === 0
    ? 'none traced'
    : `p50 ${n(s.p50)}  p95 ${n(s.p95)}  p99 ${n(s.p99)}  max ${n(s.max)} ms  (n=${s.count})`;

function table(head: string[], rows: (string | number)[][]): string[] {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.slice(1).map(line),
  ];
}

function phaseLines(name: string, p: PhaseFigures): string[] {
  return [
    `**${name}**: ${p.messages} source messages published in ${p.publishSeconds.toFixed(1)} s (${p.publishPerSecond}/s${p.pacedAt ? `, paced at ${p.pacedAt}/s on average` : ''}); drained after ${n(p.drainSeconds, 1)} s → **${n(p.eventsPerSecond)} source events/s end to end**`,
    '',
    ...table(
      ['service', 'messages consumed', 'caught up after s', 'messages/s'],
      Object.entries(p.perService).map(([s, t]) => [
        s,
        t.consumed,
        n(t.seconds, 1),
        n(t.perSecond),
      ]),
    ),
    '',
    `- source → case opened: ${ms(p.latency.caseOpened)}`,
    ...(p.latency.caseFirstHop
      ? [`  - of which source → order/shipment event: ${ms(p.latency.caseFirstHop)}`]
      : []),
    `- source → notice sent: ${ms(p.latency.noticeSent)}`,
    '',
  ];
}

/** The figures as markdown: printed on stdout and appended to bench/RESULTS.md. */
function scaleOutLines(x: NonNullable<BenchResult['scaleOut']>): string[] {
  const rebalance =
    x.rebalanceAt === null
      ? 'none stopped'
      : `${x.stopped.join(', ')} stopped (SIGTERM) ${x.rebalanceAt} s into the unpaced phase, their partitions moving to the others under load`;
  return [
    `### Scale-out: ${x.instances} instance${x.instances > 1 ? 's' : ''} of every service`,
    '',
    `- rebalance: ${rebalance}`,
    `- duplicate cases (same type, subject and first evidence): **${x.duplicateCases}**${x.duplicateCaseExamples.length ? ` (${x.duplicateCaseExamples.join('; ')})` : ''}`,
    `- notices received again under a key already received: **${x.repeatedNotices.email} mails, ${x.repeatedNotices.webhook} webhook calls**`,
    '',
  ];
}

export function renderResult(r: BenchResult): string {
  const detection = { ...r.detection.bench, ...(r.detection.paced ?? {}) };
  return [
    `## ${r.at}: ${r.config.orders} orders, seed ${r.config.seed}`,
    '',
    `- command: \`${r.command}\``,
    `- commit: ${r.commit}`,
    `- machine: ${r.machine.nproc} CPUs (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, node ${r.machine.node}, Kafka ${r.machine.kafka}, ${r.machine.os}; everything co-located${r.machine.loadAtStart === undefined ? '' : `; load average ${r.machine.loadAtStart} at start`}`,
    ...(r.serviceSettings
      ? [
          `- service settings beyond defaults: ${describeSettings(r.serviceSettings)} (providers are local sinks; the limiter is tested in notification)`,
        ]
      : []),
    `- run: ${r.run.sourceMessages} source messages (${r.run.malformed} malformed), ${r.run.groundTruth} injected exceptions, sim window ${r.run.window.start} → ${r.run.window.end}; wall ${r.wallSeconds.toFixed(0)} s`,
    '',
    '### Targets',
    '',
    ...table(
      ['target', 'actual', 'met'],
      r.targets.map((t) => [t.target, t.actual, t.met ? 'yes' : 'NO']),
    ),
    '',
    '### Throughput and latency',
    '',
    ...phaseLines('Unpaced (as fast as the broker takes them)', r.phases.burst),
    ...(r.phases.paced
      ? phaseLines('Paced (the rest of the day at a steady average rate)', r.phases.paced)
      : []),
    `Outcomes not traceable to a source event (timer-driven, e.g. SLA or absence): ${r.latencyUntraced.caseOpened} cases, ${r.latencyUntraced.noticeSent} notices.`,
    '',
    `**Ceiling**: a bare kafkajs consumer (eachBatch, no processing) read the same source topics at **${r.ceiling.eventsPerSecond} events/s** (${r.ceiling.messages} messages in ${r.ceiling.passes} passes, ${r.ceiling.seconds.toFixed(2)} s of reading after each pass's first batch; joining the group took ${r.ceiling.joinSeconds.toFixed(1)} s more).`,
    '',
    '### Resources per service (CPU during the measured phases; RSS at the end and its peak)',
    '',
    ...table(
      ['service', 'user s', 'sys s', 'RSS MiB', 'peak RSS MiB', 'processed', 'dead-lettered'],
      Object.entries(r.resources).map(([s, u]) => [
        s,
        u.userSeconds.toFixed(1),
        u.systemSeconds.toFixed(1),
        u.rssMiB.toFixed(0),
        u.peakRssMiB.toFixed(0),
        r.processed[s] ?? '',
        r.deadLettered[s] ?? '',
      ]),
    ),
    '',
    ...(r.scaleOut ? scaleOutLines(r.scaleOut) : []),
    '### Detection against ground truth',
    '',
    ...table(
      ['case type', 'scored on', 'expected', 'detected', 'true pos.', 'precision', 'recall'],
      Object.entries(detection)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([t, s]) => [
          t,
          t in r.detection.bench ? 'benchmark run' : 'paced run',
          s.expected,
          s.detected,
          s.truePositives,
          pct(s.precision),
          pct(s.recall),
        ]),
    ),
    '',
    r.detection.pacedRun
      ? `Time-driven types were scored on a paced run of ${r.detection.pacedRun.orders} orders over ${r.detection.pacedRun.days} days at ${r.detection.pacedRun.speed}× (${r.detection.pacedRun.wallSeconds.toFixed(0)} s); the benchmark run opened ${r.detection.timeDrivenCasesInBench} cases of those types, not scored.`
      : `Time-driven types were not scored (paced run skipped); the benchmark run opened ${r.detection.timeDrivenCasesInBench} cases of those types.`,
    '',
    ...(r.stages
      ? [
          '### Where the time of one event goes (OpenTelemetry spans, per service and stage)',
          '',
          ...renderStages(r.stages),
          '',
        ]
      : []),
    ...(r.profile
      ? [
          `### CPU profile of ${r.profile.service} (\`--cpu-prof\`, whole process life)`,
          '',
          '```',
          renderProfile(r.profile.summary),
          '```',
          '',
        ]
      : []),
  ].join('\n');
}
