import {
  DEFAULT_FEED_WATCH,
  defaultCalendars,
  type BusinessCalendar,
  type FeedWatch,
} from '@forewarn/domain';
import { defaultRemedyPolicy, type RemedyPolicy } from './remedy/remedy-policy.js';
import type { Priority, Tier } from './types.js';

/** Targets of one tier. First response counts business minutes; resolution hours on business days. */
export interface SlaTarget {
  firstResponseBusinessMinutes: number;
  resolutionHours: number;
}

/** A source feed's watch: the one definition of feed stalled (@forewarn/domain). */
export type FeedPolicy = FeedWatch;

/** Everything a deployment can tune: thresholds, calendars, SLA targets, remedy policy. */
export interface DetectorPolicy {
  calendars: Record<string, BusinessCalendar>;
  returnsCreditDays: number;
  repeatWindowDays: number;
  /** Same customer and failure mode this many times in the window is a repeat incident. */
  repeatIncidentCount: number;
  /** This many breached cases of one customer in the window is a chronic breach (0: off). */
  chronicBreachCount: number;
  sla: Record<Tier, SlaTarget>;
  /** Critical cases run on the 24x7 calendar with these targets. */
  criticalSla: SlaTarget;
  /** Warn this many minutes (wall clock) before a clock runs out. */
  warnBeforeMinutes: { first_response: number; resolution: number; escalation_response: number };
  escalation: {
    l2ResponseBusinessMinutes: number;
    l3ResponseHours: number;
    executiveResponseHours: number;
  };
  feeds: Record<string, FeedPolicy>;
  defaultFeed: FeedPolicy | null;
  remedy: RemedyPolicy;
  /** Tiers whose cases are raised one priority step. */
  priorityBoostTiers: readonly Tier[];
}

export const defaultPolicy: DetectorPolicy = {
  calendars: defaultCalendars,
  returnsCreditDays: 7,
  repeatWindowDays: 30,
  repeatIncidentCount: 2,
  chronicBreachCount: 3,
  sla: {
    enterprise: { firstResponseBusinessMinutes: 2 * 60, resolutionHours: 48 },
    regional_reseller: { firstResponseBusinessMinutes: 4 * 60, resolutionHours: 72 },
    retail: { firstResponseBusinessMinutes: 8 * 60, resolutionHours: 72 },
  },
  criticalSla: { firstResponseBusinessMinutes: 60, resolutionHours: 24 },
  warnBeforeMinutes: { first_response: 30, resolution: 240, escalation_response: 30 },
  escalation: { l2ResponseBusinessMinutes: 120, l3ResponseHours: 24, executiveResponseHours: 24 },
  feeds: {},
  defaultFeed: DEFAULT_FEED_WATCH,
  remedy: defaultRemedyPolicy,
  priorityBoostTiers: ['enterprise'],
};

export type PolicyOverrides = Partial<Omit<DetectorPolicy, 'remedy'>> & {
  remedy?: Partial<RemedyPolicy>;
};

/** The deployment's policy: the defaults with its overrides laid over them. */
export function policyFor(o: PolicyOverrides = {}): DetectorPolicy {
  return {
    ...defaultPolicy,
    ...o,
    calendars: { ...defaultPolicy.calendars, ...o.calendars },
    remedy: { ...defaultPolicy.remedy, ...o.remedy },
  };
}

const LADDER: Priority[] = ['low', 'normal', 'high', 'critical'];

/** Raises a priority one step for boosted tiers (never past critical). */
export function boostForTier(policy: DetectorPolicy, p: Priority, tier?: Tier): Priority {
  if (!tier || !policy.priorityBoostTiers.includes(tier)) return p;
  return LADDER[Math.min(LADDER.indexOf(p) + 1, LADDER.length - 1)] ?? p;
}
