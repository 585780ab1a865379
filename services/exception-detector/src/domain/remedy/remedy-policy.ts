import type { Money, RemedyKind } from '../types.js';

/** A band of order value and the credit it allows (recovery economics, PRODUCT.md). */
export interface ValueBand {
  /** Inclusive upper bound in minor units; null for "and above" (never reached below the executive line). */
  upToMinor: number | null;
  creditPercentMin: number;
  creditPercentMax: number;
  suggestedPercent: number;
  alternative: 'expedited_replacement' | 'replacement';
}

export interface RemedyPolicy {
  /** Claims or orders above this go to executive review (fee waivers, larger credits). */
  executiveReviewAboveMinor: number;
  singleLineCredit: { min: number; max: number; suggested: number };
  criticalReplacementHours: { min: number; max: number };
  bands: readonly ValueBand[];
  /** Largest credit each role may grant on its own; null means no limit. */
  roleCreditLimitMinor: Record<'csr' | 'team_lead' | 'ops_manager' | 'executive', number | null>;
}

export const defaultRemedyPolicy: RemedyPolicy = {
  executiveReviewAboveMinor: 500_000,
  singleLineCredit: { min: 10, max: 25, suggested: 15 },
  criticalReplacementHours: { min: 48, max: 72 },
  bands: [
    {
      upToMinor: 50_000,
      creditPercentMin: 0,
      creditPercentMax: 10,
      suggestedPercent: 10,
      alternative: 'expedited_replacement',
    },
    {
      upToMinor: 500_000,
      creditPercentMin: 10,
      creditPercentMax: 25,
      suggestedPercent: 15,
      alternative: 'replacement',
    },
  ],
  roleCreditLimitMinor: { csr: 50_000, team_lead: 500_000, ops_manager: 500_000, executive: null },
};

export interface Remedy {
  kind: RemedyKind;
  creditPercent?: number;
  amount?: Money;
  description: string;
  dueBy?: string;
}

/** What a rule knows that the remedy depends on. */
export interface RemedyFacts {
  issue: 'late' | 'product' | 'billing' | 'returns' | 'chronic' | 'none';
  /** Value of the affected lines (the claim); the order value when unknown. */
  claimValue?: Money;
  orderValue?: Money;
  freightCost?: Money;
  criticalSku?: string;
  affectedLines?: number;
}
