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
  /** Summed over a service's instances (the processes that stopped early only until then). */
  processed: Record<string, number>;
  deadLettered: Record<string, number>;
  /** Instances per service, the rebalance under load, and what came out twice (should be 0). */
  scaleOut?: {
    instances: number;
    /** Seconds into the unpaced phase the last instances were stopped; null: none were. */
    rebalanceAt: number | null;
    stopped: string[];
    /** The detector's cases opened twice from the same first evidence. */
    duplicateCases: number;
    duplicateCaseExamples: string[];
    /** Notices the customers' endpoints received again under a key they had (a resend). */
    repeatedNotices: { email: number; webhook: number };
  };
  profile: { service: string; file: string; summary: ProfileSummary } | null;
  /** Where the time goes per service and stage, from the services' spans (--trace-share). */
  stages?: StageBreakdown | null;
  targets: TargetCheck[];
  wallSeconds: number;
}
