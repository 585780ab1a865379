#!/usr/bin/env node
import { join } from 'node:path';
import { parseCredentialsArgs, parseRunArgs } from './args.js';
import { createSimClock } from './clock.js';
import { doorCredentials, planDoors, sourceKeyEntries, sourcesOf } from './doors.js';
import { generateDay, type SimRun } from './generate-day.js';
import { publish, type PublishProgress } from './publish.js';
import { writeRunFiles } from './run-files.js';

function progressLine(p: PublishProgress): string {
  const pct = p.total === 0 ? 100 : Math.floor((p.sent / p.total) * 100);
  const rate = p.elapsedMs > 0 ? Math.round((p.sent / p.elapsedMs) * 1000) : 0;
  return `[sim] ${p.sent}/${p.total} (${pct}%) sim ${p.simTime.slice(0, 16) || '-'} · ${rate} msg/s · rejects sent ${p.malformed}${p.viaHttp ? ` · via http ${p.viaHttp}` : ''}`;
}

/** Which door each source takes, and the keys and secrets it presents there (from the seed). */
function doorsOf(run: SimRun) {
  const plan = planDoors(run.config.seed);
  return { plan, credentials: doorCredentials(sourcesOf(run.emissions), plan, run.config.seed) };
}

/** The ingestion settings the doors of a seed's day present, as JSON on stdout. */
function printCredentials(argv: string[]): void {
  const { plan, credentials } = doorsOf(generateDay(parseCredentialsArgs(argv).config));
  const settings = {
    doors: plan,
    ingestionEnv: {
      API_KEYS: JSON.stringify(sourceKeyEntries(credentials)),
      SOURCE_HMAC_SECRETS: JSON.stringify(credentials.hmacSecrets),
    },
    note: 'ingestion must run on the simulator clock (CLOCK_SIM_ANCHOR, CLOCK_WALL_ANCHOR_MS, CLOCK_SPEED) with HMAC_TOLERANCE_SECONDS of at least 300 x CLOCK_SPEED: webhook signatures are dated in sim time',
  };
  process.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'credentials') return printCredentials(process.argv.slice(2));
  const cmd = parseRunArgs(process.argv.slice(2), process.env);
  const t0 = Date.now();
  const run = generateDay(cmd.config);
  const log = (s: string) => cmd.quiet || process.stderr.write(`${s}\n`);
  log(
    `[sim] seed ${run.config.seed}: ${run.counts.messages} messages (${run.counts.expectedRejects.total} malformed, ${run.counts.duplicates} duplicates), ${run.groundTruth.length} exceptions, ${run.requests.length} customer requests; generated in ${Date.now() - t0} ms`,
  );
  const clock = createSimClock({
    start: run.window.start,
    speed: cmd.speed,
    ...(cmd.anchor ? { anchor: cmd.anchor } : {}),
  });
  await writeRunFiles(cmd.out, run, clock);
  log(`[sim] wrote ${join(cmd.out, 'ground-truth.json')}`);
  if (cmd.dryRun) return;
  const report = await publish(run.emissions, {
    brokers: cmd.brokers,
    topicPrefix: cmd.topicPrefix,
    clock,
    bench: cmd.bench,
    onProgress: (p) => log(progressLine(p)),
    ...(cmd.doors
      ? {
          historyUntil: Date.parse(run.window.start),
          doors: { baseUrl: cmd.ingestionUrl, ...doorsOf(run), now: () => clock.nowMs() },
        }
      : {}),
    ...(cmd.viaHttp !== undefined
      ? {
          viaHttp: {
            baseUrl: cmd.ingestionUrl,
            share: cmd.viaHttp,
            ...(cmd.apiKey ? { apiKey: cmd.apiKey } : {}),
          },
        }
      : {}),
  });
  await writeRunFiles(cmd.out, run, clock, { published: report });
  log(
    `[sim] done: ${report.sent} messages in ${(report.elapsedMs / 1000).toFixed(1)} s (${report.messagesPerSecond} msg/s)`,
  );
  if (report.httpSkipped) log(`[sim] warning: ${report.httpSkipped}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
