import { describe, expect, it } from 'vitest';
import { defaultPolicy as policy } from '../policy.js';
import type { Detection } from '../rules/signals.js';
import type { Case } from './case.js';
import { decideCommand, remedyApprovalOf, type Actor } from './commands.js';
import { addEvidence, openCase } from './decide-detection.js';

const now = new Date('2025-03-06T14:00:00Z');
const later = new Date('2025-03-06T15:00:00Z');
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const csr: Actor = { id: 'csr-bob', role: 'csr' };
const lead: Actor = { id: 'lead-ann', role: 'team_lead' };
const manager: Actor = { id: 'ops-max', role: 'ops_manager' };
const exec: Actor = { id: 'exec-eve', role: 'executive' };

/** A short line worth `claimMinor`: 15 % of it is suggested (a single-line product claim). */
const short = (eventId: string, claimMinor: number): Detection => ({
  kind: 'detect',
  caseType: 'short_pick_backorder',
  subject: { kind: 'order', id: 'SO-1' },
  priority: 'normal',
  queue: 'fulfilment',
  title: 'Line short',
  explanation: 'A line was short-picked.',
  evidence: {
    eventId,
    type: 'order.line-short',
    occurredAt: now.toISOString(),
    summary: eventId,
  },
  party: { customerId: 'C-1', tier: 'retail', accountRepId: 'csr-bob', orderId: 'SO-1' },
  facts: {
    issue: 'product',
    claimValue: usd(claimMinor),
    orderValue: usd(450_000),
    affectedLines: 1,
  },
});

const run = (c: Case, cmd: Parameters<typeof decideCommand>[2], actor: Actor, at = later) =>
  decideCommand(policy, c, cmd, actor, at);

describe('remedy approval: a remedy over the CSR credit limit waits for someone whose limit covers it', () => {
  // $4,000 short: a 15 % credit of $600, over the CSR's $500 and within the team lead's $5,000.
  const big = openCase(short('ev-1', 400_000), { policy, now }).case;
  // $2,000 short: $300, within the CSR's own limit.
  const small = openCase(short('ev-2', 200_000), { policy, now }).case;

  it('given a suggested $600 credit, then it is pending a team lead; a $300 one needs no approval', () => {
    expect(big.remedy?.amount).toEqual(usd(60_000));
    expect(remedyApprovalOf(policy, big)).toMatchObject({ status: 'pending', needs: 'team_lead' });
    expect(remedyApprovalOf(policy, small)).toBeUndefined();
  });

  it('given a pending remedy, when a team lead approves, then it is approved by them, audited and emitted as a remedy change', () => {
    const d = run(big, { kind: 'approve_remedy', note: 'Good customer' }, lead);
    expect(remedyApprovalOf(policy, d.case)).toEqual({
      status: 'approved',
      remedy: big.remedy,
      needs: 'team_lead',
      by: 'lead-ann',
      role: 'team_lead',
      at: later.toISOString(),
      reason: 'Good customer',
    });
    expect(d.case.version).toBe(big.version + 1);
    expect(d.audit).toEqual([
      {
        at: later.toISOString(),
        actor: 'lead-ann',
        role: 'team_lead',
        action: 'remedy_approved',
        detail: { remedy: big.remedy, reason: 'Good customer' },
      },
    ]);
    expect(d.emits).toEqual([
      {
        type: 'case.updated',
        change: 'remedy_changed',
        newEvidence: [],
        note: `Remedy approved by lead-ann (team lead): ${big.remedy!.description}. Good customer`,
      },
    ]);
    // Approved once: approving again is a conflict, not a second approval.
    expect(() => run(d.case, { kind: 'approve_remedy' }, manager)).toThrow(
      expect.objectContaining({ code: 'REMEDY_NOT_PENDING', kind: 'CONFLICT' }),
    );
  });

  it('given a pending remedy, when a CSR approves or declines it, then it is refused as over their limit (403)', () => {
    for (const cmd of [
      { kind: 'approve_remedy' as const },
      { kind: 'decline_remedy' as const, reason: 'no' },
    ]) {
      expect(() => run(big, cmd, csr)).toThrow(
        expect.objectContaining({
          code: 'APPROVAL_OVER_ROLE_LIMIT',
          kind: 'FORBIDDEN',
          message: 'Only a team lead or above may approve or decline this remedy (you are a CSR).',
        }),
      );
    }
  });

  it('given a remedy within the CSR limit, when someone approves it, then there is nothing to approve (409)', () => {
    expect(() => run(small, { kind: 'approve_remedy' }, lead)).toThrow(
      expect.objectContaining({ code: 'REMEDY_NOT_PENDING' }),
    );
  });

  it('given a declined remedy, then it cannot be approved later; a new proposal within the limit needs no approval, one by a team lead is approved by them', () => {
    const declined = run(big, { kind: 'decline_remedy', reason: 'Offer a replacement' }, lead);
    expect(remedyApprovalOf(policy, declined.case)).toMatchObject({
      status: 'declined',
      by: 'lead-ann',
      reason: 'Offer a replacement',
    });
    expect(declined.audit[0]).toMatchObject({
      action: 'remedy_declined',
      detail: { reason: 'Offer a replacement' },
    });
    // Kept in-house: not a remedy change the customer would be told of.
    expect(declined.emits).toEqual([
      {
        type: 'case.updated',
        change: 'other',
        newEvidence: [],
        note: `Remedy declined by lead-ann (team lead): ${big.remedy!.description}. Offer a replacement`,
      },
    ]);
    expect(() => run(declined.case, { kind: 'approve_remedy' }, exec)).toThrow(
      expect.objectContaining({
        code: 'REMEDY_NOT_PENDING',
        message: expect.stringContaining('declined it; propose a new remedy first'),
      }),
    );
    // The same remedy re-suggested on new evidence is no new proposal: it stays declined.
    const again = addEvidence(declined.case, short('ev-3', 400_000), { policy, now: later });
    expect(remedyApprovalOf(policy, again.case)?.status).toBe('declined');

    const replacement = {
      kind: 'expedited_replacement' as const,
      description: 'Ship the missing unit overnight',
    };
    const byCsr = run(
      declined.case,
      { kind: 'change_remedy', remedy: replacement, reason: 'r' },
      csr,
    );
    expect(remedyApprovalOf(policy, byCsr.case)).toBeUndefined();

    const credit = { kind: 'percent_credit' as const, amount: usd(70_000), description: '$700' };
    const byLead = run(declined.case, { kind: 'change_remedy', remedy: credit, reason: 'r' }, lead);
    expect(remedyApprovalOf(policy, byLead.case)).toMatchObject({
      status: 'approved',
      by: 'lead-ann',
      needs: 'team_lead',
    });
  });

  it('given an approved remedy, when the detector suggests a different one, then the new one is pending again', () => {
    const approved = run(big, { kind: 'approve_remedy' }, lead).case;
    const bigger = addEvidence(approved, short('ev-4', 450_000), { policy, now: later }).case;
    expect(bigger.remedy?.amount).toEqual(usd(67_500));
    expect(remedyApprovalOf(policy, bigger)).toMatchObject({ status: 'pending' });
  });

  it('given an executive review, then only an executive approves it, whatever the limits of the others', () => {
    const review = openCase(short('ev-5', 600_000), { policy, now }).case;
    expect(review.remedy?.kind).toBe('executive_review');
    expect(remedyApprovalOf(policy, review)).toMatchObject({
      status: 'pending',
      needs: 'executive',
    });
    expect(() => run(review, { kind: 'approve_remedy' }, manager)).toThrow(
      expect.objectContaining({
        code: 'APPROVAL_OVER_ROLE_LIMIT',
        message:
          'Only an executive or above may approve or decline this remedy (you are an operations manager).',
      }),
    );
    expect(
      remedyApprovalOf(policy, run(review, { kind: 'approve_remedy' }, exec).case)?.status,
    ).toBe('approved');
  });

  it('given a resolved case, then its remedy is no longer approved or declined (409)', () => {
    const resolved = run(
      big,
      { kind: 'resolve', resolution: 'resolved_by_csr', reason: 'x' },
      lead,
    );
    expect(() => run(resolved.case, { kind: 'approve_remedy' }, lead)).toThrow(
      expect.objectContaining({ code: 'CASE_NOT_OPEN' }),
    );
  });
});

describe('reassignment: a team lead and above move a case to a named user or another queue', () => {
  const opened = openCase(short('ev-1', 100_000), { policy, now }).case;
  const claimed = run(opened, { kind: 'claim' }, csr).case;

  it('given a CSR, when they reassign, then it is refused (they claim for themselves)', () => {
    expect(() => run(claimed, { kind: 'reassign', userId: 'csr-kim' }, csr)).toThrow(
      expect.objectContaining({ code: 'REASSIGN_NOT_ALLOWED', kind: 'FORBIDDEN' }),
    );
  });

  it('given a claimed case, when a team lead assigns it to a named user, then the owner changes in the same queue, audited and emitted as reassigned', () => {
    const d = run(claimed, { kind: 'reassign', userId: 'csr-kim', reason: 'Bob is off' }, lead);
    expect(d.case.assignee).toEqual({ userId: 'csr-kim', queue: 'fulfilment' });
    expect(d.case.claimedBy).toBeUndefined();
    expect(d.case.status).toBe('in_progress');
    expect(d.audit).toEqual([
      {
        at: later.toISOString(),
        actor: 'lead-ann',
        role: 'team_lead',
        action: 'reassigned',
        detail: {
          from: { userId: 'csr-bob', queue: 'fulfilment' },
          to: { userId: 'csr-kim', queue: 'fulfilment' },
          reason: 'Bob is off',
        },
      },
    ]);
    expect(d.emits).toEqual([
      {
        type: 'case.updated',
        change: 'reassigned',
        newEvidence: [],
        note: 'Reassigned to csr-kim (fulfilment queue) by lead-ann: Bob is off',
      },
    ]);
  });

  it('given a new case, when it is moved, then it is no response: the first-response clock keeps running', () => {
    const d = run(opened, { kind: 'reassign', userId: 'csr-kim' }, lead);
    expect(d.case.sla.firstRespondedAt).toBeUndefined();
    expect(d.timers).toEqual([]);
  });

  it('given another queue only, then the case goes to that queue unassigned; with a user, to both; null leaves it to the queue', () => {
    expect(run(claimed, { kind: 'reassign', queue: 'billing' }, manager).case.assignee).toEqual({
      queue: 'billing',
    });
    expect(
      run(claimed, { kind: 'reassign', queue: 'billing', userId: 'csr-kim' }, exec).case.assignee,
    ).toEqual({ userId: 'csr-kim', queue: 'billing' });
    expect(run(claimed, { kind: 'reassign', userId: null }, lead).case.assignee).toEqual({
      queue: 'fulfilment',
    });
  });

  it('given the case is already there, or closed, then the reassignment is a conflict (409)', () => {
    expect(() => run(claimed, { kind: 'reassign', userId: 'csr-bob' }, lead)).toThrow(
      expect.objectContaining({
        code: 'ALREADY_ASSIGNED',
        message: `Case ${claimed.caseId} is already with csr-bob (fulfilment queue).`,
      }),
    );
    const resolved = run(
      claimed,
      { kind: 'resolve', resolution: 'resolved_by_csr', reason: 'x' },
      lead,
    );
    expect(() => run(resolved.case, { kind: 'reassign', userId: 'csr-kim' }, lead)).toThrow(
      expect.objectContaining({ code: 'CASE_NOT_OPEN' }),
    );
  });
});
