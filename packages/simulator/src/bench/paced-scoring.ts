import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { TypeScore } from '../demo/score.js';
import { runDay } from '../demo/run-day.js';
import { isTimeDriven, scoreTypes } from './detection.js';

export interface PacedScoringOptions {
  root: string;
  outDir: string;
  logDir: string;
  brokers: string[];
  databaseUrl: string;
  basePort: number;
  prefix: string;
  seed: number;
  pacedOrders: number;
  pacedDays: number;
  pacedSpeed: number;
  log: (line: string) => void;
}

export interface PacedScoring {
  scores: Record<string, TypeScore>;
  run: { orders: number; days: number; speed: number; wallSeconds: number };
}

/**
 * Time-driven detection needs sim time to pass each deadline with only the events sent before
 * it: a smaller day played on the demo's paced clock (runDay), scored on those types only.
 */
export async function runPacedScoring(o: PacedScoringOptions): Promise<PacedScoring> {
  const started = Date.now();
  const db = new URL(o.databaseUrl);
  db.pathname = '/forewarn_bench_paced';
  o.log(
    `paced run for time-driven rules: ${o.pacedOrders} orders, ${o.pacedDays} days at ${o.pacedSpeed}×`,
  );
  const outDir = path.join(o.outDir, 'paced-run');
  const logDir = path.join(o.logDir, 'paced-run');
  await mkdir(outDir, { recursive: true });
  await mkdir(logDir, { recursive: true });
  const day = await runDay({
    root: o.root,
    outDir,
    logDir,
    brokers: o.brokers,
    databaseUrl: db.toString(),
    topicPrefix: `${o.prefix}paced.`,
    seed: o.seed,
    orders: o.pacedOrders,
    days: o.pacedDays,
    speed: o.pacedSpeed,
    basePort: o.basePort,
    log: o.log,
  });
  try {
    const cases = await day.cases();
    return {
      scores: scoreTypes(day.run.groundTruth, cases, isTimeDriven),
      run: {
        orders: o.pacedOrders,
        days: o.pacedDays,
        speed: o.pacedSpeed,
        wallSeconds: (Date.now() - started) / 1000,
      },
    };
  } finally {
    await day.stop();
  }
}
