import type { Money } from '../types.js';
import type { Remedy, RemedyFacts, RemedyPolicy, ValueBand } from './remedy-policy.js';

export interface RemedySuggestion {
  remedy: Remedy;
  reasoning: string[];
}

export const formatMoney = (m: Money): string =>
  `${m.currency === 'USD' ? '$' : `${m.currency} `}${(m.amountMinor / 100).toFixed(2)}`;

const percentOf = (m: Money, percent: number): Money => ({
  amountMinor: Math.round((m.amountMinor * percent) / 100),
  currency: m.currency,
});

function bandFor(policy: RemedyPolicy, valueMinor: number): ValueBand | undefined {
  return policy.bands.find((b) => b.upToMinor === null || valueMinor <= b.upToMinor);
}

function productRemedy(facts: RemedyFacts, policy: RemedyPolicy, now: Date): RemedySuggestion {
  const claim = facts.claimValue ?? facts.orderValue;
  const orderValue = facts.orderValue ?? claim;
  const over = Math.max(claim?.amountMinor ?? 0, orderValue?.amountMinor ?? 0);
  if (over > policy.executiveReviewAboveMinor) {
    const limit = formatMoney({
      amountMinor: policy.executiveReviewAboveMinor,
      currency: claim?.currency ?? 'USD',
    });
    return {
      remedy: {
        kind: 'executive_review',
        description: 'Executive review: fee waiver or a larger credit, decided by an executive',
      },
      reasoning: [`claim or order value is over ${limit}: executive review (policy)`],
    };
  }
  if (facts.criticalSku) {
    const { min, max } = policy.criticalReplacementHours;
    return {
      remedy: {
        kind: 'replacement',
        description: `Full replacement of critical SKU ${facts.criticalSku} within ${min}-${max} h`,
        dueBy: new Date(now.getTime() + max * 3_600_000).toISOString(),
      },
      reasoning: [
        `a critical SKU (${facts.criticalSku}) is affected: full replacement within ${min}-${max} h`,
      ],
    };
  }
  if (!claim) {
    return {
      remedy: {
        kind: 'none',
        description: 'Confirm the affected quantity and value before offering a credit',
      },
      reasoning: ['claim value unknown: no credit can be computed yet'],
    };
  }
  if (facts.affectedLines === 1) {
    const { min, max, suggested } = policy.singleLineCredit;
    const amount = percentOf(claim, suggested);
    return {
      remedy: {
        kind: 'percent_credit',
        creditPercent: suggested,
        amount,
        description: `${suggested} % credit (${formatMoney(amount)}) on the affected line`,
      },
      reasoning: [
        `product issue on a single-line claim: ${min}-${max} % credit, ${suggested} % suggested`,
      ],
    };
  }
  const band = bandFor(policy, orderValue?.amountMinor ?? claim.amountMinor);
  const percent = band?.suggestedPercent ?? policy.singleLineCredit.suggested;
  const amount = percentOf(claim, percent);
  return {
    remedy: {
      kind: 'percent_credit',
      creditPercent: percent,
      amount,
      description: `${percent} % credit (${formatMoney(amount)}) or ${band?.alternative.replace('_', ' ') ?? 'replacement'}`,
    },
    reasoning: [
      `order value band up to ${band?.upToMinor == null ? 'the executive line' : formatMoney({ amountMinor: band.upToMinor, currency: claim.currency })}: ` +
        `${band?.creditPercentMin ?? 0}-${band?.creditPercentMax ?? 0} % credit or ${band?.alternative ?? 'replacement'}`,
    ],
  };
}

/** The remedy the recovery-economics policy suggests for a case, with the reasons why. */
export function suggestRemedy(
  facts: RemedyFacts,
  policy: RemedyPolicy,
  now: Date,
): RemedySuggestion {
  switch (facts.issue) {
    case 'late':
      return facts.freightCost
        ? {
            remedy: {
              kind: 'credit_shipping_cost',
              amount: facts.freightCost,
              description: `Credit the shipping cost (${formatMoney(facts.freightCost)})`,
            },
            reasoning: ['late delivery: credit equal to the shipping cost (policy)'],
          }
        : {
            remedy: {
              kind: 'credit_shipping_cost',
              description: 'Credit the shipping cost once it is known',
            },
            reasoning: [
              'late delivery: credit equal to the shipping cost (policy); freight cost not known yet',
            ],
          };
    case 'product':
      return productRemedy(facts, policy, now);
    case 'chronic':
      return {
        remedy: {
          kind: 'executive_review',
          description: 'Executive review with a root-cause analysis; consider a fee waiver',
        },
        reasoning: ['chronic breach or repeat incident: executive review and root-cause analysis'],
      };
    case 'billing':
      return {
        remedy: {
          kind: 'none',
          description: 'Issue a corrected invoice matching the shipped quantities and prices',
        },
        reasoning: ['invoice discrepancy: the remedy is a corrected invoice'],
      };
    case 'returns':
      return {
        remedy: { kind: 'none', description: 'Issue the credit note for the received return now' },
        reasoning: ['returns must be credited within 7 calendar days of receipt'],
      };
    case 'none':
      return { remedy: { kind: 'none', description: 'No compensation suggested' }, reasoning: [] };
  }
}

/** Whether a role may grant this credit itself; larger credits need someone higher up. */
export function withinCreditLimit(
  policy: RemedyPolicy,
  role: keyof RemedyPolicy['roleCreditLimitMinor'],
  remedy: Remedy,
): boolean {
  const limit = policy.roleCreditLimitMinor[role];
  if (limit === null) return true;
  if (remedy.kind === 'executive_review') return true;
  return (remedy.amount?.amountMinor ?? 0) <= limit;
}
