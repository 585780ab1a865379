import type { Ceiling } from './ceiling.js';
import type { TypeScore } from '../demo/score.js';
import type { ProfileSummary } from './cpuprofile.js';
import type { Machine } from './machine.js';
import type { LatencySummary } from './percentiles.js';
import type { ServiceThroughput } from './phase.js';
import type { ProcessUsage } from './proc.js';
import type { StageBreakdown } from './stages.js';
import type { TargetCheck } from './targets.js';

export interface PhaseFigures {
  messages: number;
  publishSeconds: number;
  publishPerSecond: number;
  /** From first produce until every consumer group had drained; null if it never did. */
  drainSeconds: number | null;
  eventsPerSecond: number | null;
  perService: Record<string, ServiceThroughput>;
  /** Paced phase only: the average rate it was paced at. */
  pacedAt?: number;
  latency: {
    caseOpened: LatencySummary;
    noticeSent: LatencySummary;
    /** The first hop of those cases: source → the order or shipment service's event. */
    caseFirstHop?: LatencySummary;
  };
}

export interface BenchResult {
  at: string;
  command: string;
  commit: string;
  machine: Machine;
  /** What the services were given beyond their defaults (service → variable → value). */
  serviceSettings?: Record<string, Record<string, string>>;
  config: Record<string, string | number | boolean>;
  run: {
    sourceMessages: number;
    malformed: number;
    groundTruth: number;
    window: { start: string; end: string };
  };
  phases: { burst: PhaseFigures; paced: PhaseFigures | null };
  latencyUntraced: { caseOpened: number; noticeSent: number };
  resources: Record<string, ProcessUsage>;
  ceiling: Ceiling;
  detection: {
    /** Event-driven types, scored on the benchmark run. */
    bench: Record<string, TypeScore>;
    /** Time-driven types, scored on a paced run (absence rules need the clock to pass deadlines). */
    paced: Record<string, TypeScore> | null;
    pacedRun: { orders: number; days: number; speed: number; wallSeconds: number } | null;
    timeDrivenCasesInBench: number;
  };
  processed: Record<string, number>;
  deadLettered: Record<string, number>;
  profile: { service: string; file: string; summary: ProfileSummary } | null;
  /** Where the time goes per service and stage, from the services' spans (--trace-share). */
  stages?: StageBreakdown | null;
  targets: TargetCheck[];
  wallSeconds: number;
}
