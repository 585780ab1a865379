import { describe, expect, it } from 'vitest';
import { decideCommand } from '../domain/cases/commands.js';
import { openCase } from '../domain/cases/decide-detection.js';
import { defaultPolicy as policy } from '../domain/policy.js';
import { CrmSendError } from './adapter.js';
import { crmJobsFor, toCrmCase } from './crm-case.js';
import { afterFailure } from './retry-policy.js';
import { caseFields } from './salesforce-adapter.js';
import { crmTarget, crmTargetsEnv } from './targets.js';
import { ticketOf } from './zendesk-adapter.js';

const now = new Date('2025-03-06T14:00:00Z');
const opened = openCase(
  {
    kind: 'detect',
    caseType: 'carrier_exception',
    subject: { kind: 'shipment', id: 'SHP-1' },
    priority: 'high',
    queue: 'transportation',
    title: 'UPS reported the shipment lost',
    explanation: 'The carrier lost SHP-1.',
    evidence: { eventId: 'ev-1', type: 'x', occurredAt: now.toISOString(), summary: 'lost' },
    party: { customerId: 'C-1', tier: 'retail', shipmentId: 'SHP-1', poNumber: 'PO-9' },
    facts: { issue: 'none' },
  },
  { policy, now },
).case;
const targets = [
  crmTarget.parse({
    name: 'hook',
    kind: 'webhook',
    url: 'https://h.example/x',
    secret: 's'.repeat(16),
  }),
  crmTarget.parse({
    name: 'zd',
    kind: 'zendesk',
    subdomain: 'acme',
    email: 'a@b.co',
    apiToken: 't',
  }),
];

describe('CRM sync jobs and request mapping', () => {
  it('given a case opened, then one job per target named by case, version and target', () => {
    const jobs = crmJobsFor(opened, ['case.opened'], targets);
    expect(jobs.map((j) => j.jobId)).toEqual([`${opened.caseId}:1:hook`, `${opened.caseId}:1:zd`]);
    expect(jobs[0]!.payload).toMatchObject({
      trigger: 'case.opened',
      version: 1,
      poNumber: 'PO-9',
    });
    expect(jobs[0]!.payload.description).toContain('References: PO PO-9');
  });

  it('given only SLA warnings, then nothing is sent; given no targets, then nothing is recorded', () => {
    expect(crmJobsFor(opened, ['case.sla-warning', 'case.sla-breached'], targets)).toEqual([]);
    expect(crmJobsFor(opened, ['case.opened'], [])).toEqual([]);
  });

  it('given an escalation then a resolution, then Salesforce sees Escalated then Closed and Zendesk solved', () => {
    const actor = { id: 'ops', role: 'ops_manager' as const };
    const escalated = decideCommand(
      policy,
      opened,
      { kind: 'escalate', reason: 'x' },
      actor,
      now,
    ).case;
    expect(caseFields(toCrmCase(escalated, 'case.escalated'), 'Web')).toMatchObject({
      Status: 'Escalated',
      Priority: 'High',
    });
    const resolved = decideCommand(
      policy,
      escalated,
      { kind: 'resolve', resolution: 'resolved_by_csr', reason: 'found' },
      actor,
      now,
    ).case;
    expect(ticketOf(toCrmCase(resolved, 'case.resolved'), false)).toMatchObject({
      status: 'solved',
      priority: 'high',
      external_id: opened.caseId,
    });
  });

  it('given failures, then 4xx is dead at once, 5xx backs off exponentially until the limit', () => {
    const retry = { maxAttempts: 3, backoff: { initialMs: 1_000, maxMs: 1_500, factor: 2 } };
    const one = () => 1;
    expect(afterFailure(new CrmSendError('bad', false, 400), 1, retry, now, one)).toMatchObject({
      kind: 'dead',
      reason: 'permanent',
    });
    const second = afterFailure(new CrmSendError('busy', true, 503), 2, retry, now, one);
    expect(second).toMatchObject({ kind: 'retry', at: new Date(now.getTime() + 1_500) });
    expect(afterFailure(new Error('socket hang up'), 3, retry, now, one)).toMatchObject({
      kind: 'dead',
      reason: 'attempts_exhausted',
    });
  });

  it('refuses target configuration that repeats a name or is not JSON', () => {
    const twice = JSON.stringify([targets[0], targets[0]]);
    expect(crmTargetsEnv.safeParse(twice).success).toBe(false);
    expect(crmTargetsEnv.safeParse('{not json').success).toBe(false);
    // The former per-tenant form is refused, not read as no targets.
    expect(crmTargetsEnv.safeParse(JSON.stringify({ default: [targets[0]] })).success).toBe(false);
    expect(crmTargetsEnv.parse(JSON.stringify([targets[0]]))).toEqual([targets[0]]);
    expect(crmTargetsEnv.parse(undefined)).toEqual([]);
  });
});
