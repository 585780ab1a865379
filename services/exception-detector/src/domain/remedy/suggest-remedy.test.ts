import { describe, expect, it } from 'vitest';
import { defaultRemedyPolicy as policy } from './remedy-policy.js';
import { suggestRemedy, withinCreditLimit } from './suggest-remedy.js';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const now = new Date('2025-03-07T15:00:00Z');

describe('suggestRemedy (recovery economics as data)', () => {
  it('given a late delivery, when suggesting, then the credit equals the shipping cost', () => {
    const { remedy, reasoning } = suggestRemedy(
      { issue: 'late', freightCost: usd(3_000) },
      policy,
      now,
    );
    expect(remedy).toMatchObject({ kind: 'credit_shipping_cost', amount: usd(3_000) });
    expect(reasoning[0]).toContain('shipping cost');
  });

  it('given a critical SKU short, when suggesting, then a full replacement is due within 72 h', () => {
    const { remedy } = suggestRemedy(
      {
        issue: 'product',
        criticalSku: 'SKU-PUMP-200',
        claimValue: usd(45_000),
        orderValue: usd(92_500),
      },
      policy,
      now,
    );
    expect(remedy.kind).toBe('replacement');
    expect(remedy.dueBy).toBe('2025-03-10T15:00:00.000Z');
    expect(remedy.description).toContain('48-72 h');
  });

  it('given a single-line product claim, when suggesting, then 15 % of the line is credited', () => {
    const { remedy } = suggestRemedy(
      { issue: 'product', claimValue: usd(20_000), orderValue: usd(92_500), affectedLines: 1 },
      policy,
      now,
    );
    expect(remedy).toMatchObject({ kind: 'percent_credit', creditPercent: 15, amount: usd(3_000) });
  });

  it('given a multi-line claim on an order under $500, when suggesting, then 10 % or an expedited replacement', () => {
    const { remedy } = suggestRemedy(
      { issue: 'product', claimValue: usd(30_000), orderValue: usd(40_000), affectedLines: 2 },
      policy,
      now,
    );
    expect(remedy).toMatchObject({ kind: 'percent_credit', creditPercent: 10, amount: usd(3_000) });
    expect(remedy.description).toContain('expedited replacement');
  });

  it('given a claim over $5,000, when suggesting, then executive review', () => {
    const { remedy } = suggestRemedy(
      { issue: 'product', claimValue: usd(600_000), affectedLines: 3 },
      policy,
      now,
    );
    expect(remedy.kind).toBe('executive_review');
  });

  it('given role limits, when a CSR grants $600, then it is over the limit and a team lead may', () => {
    const big = { kind: 'percent_credit' as const, amount: usd(60_000), description: 'x' };
    expect(withinCreditLimit(policy, 'csr', big)).toBe(false);
    expect(withinCreditLimit(policy, 'team_lead', big)).toBe(true);
  });
});
