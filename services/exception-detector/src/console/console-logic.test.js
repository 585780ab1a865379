/* global URLSearchParams */
// The page's pure logic (plain browser modules, so this test is plain JS too).
import { describe, expect, it } from 'vitest';
import { abilitiesFor } from './public/abilities.js';
import { BULK_ACTIONS, bulkPlan, bulkSummary, reassignTarget, runBulk } from './public/bulk.js';
import { openedIn, ownerScope, ownerTilesOf, queueLink } from './public/dashboard.js';
import { kpiSeriesOf } from './public/kpi-charts.js';
import { auditText, unifiedTimeline } from './public/view.js';

const open = { status: 'in_progress', escalationLevel: 'l1', assignee: { userId: null } };
const csr = { name: 'csr-bob', role: 'csr' };
const ops = { name: 'ops-kim', role: 'ops_manager' };

describe('abilitiesFor', () => {
  it('lets a CSR work an open case but not send it to executive review', () => {
    expect(abilitiesFor(csr, open)).toEqual({
      claim: true,
      comment: true,
      remedy: true,
      escalateTo: ['l2', 'l3'],
      waitOnCustomer: true,
      customerReplied: false,
      resolve: true,
      reopen: false,
      decideRemedy: false,
      reassign: false,
    });
    expect(abilitiesFor(ops, open).escalateTo).toEqual(['l2', 'l3', 'executive']);
  });

  it('offers approve and decline of a pending remedy to the role it needs and above, and reassignment to team leads and above', () => {
    const lead = { name: 'lead-ann', role: 'team_lead' };
    const exec = { name: 'exec-eve', role: 'executive' };
    const needsLead = { status: 'pending', needs: 'team_lead' };
    const needsExec = { status: 'pending', needs: 'executive' };
    expect(abilitiesFor(csr, open, needsLead).decideRemedy).toBe(false);
    expect(abilitiesFor(lead, open, needsLead).decideRemedy).toBe(true);
    expect(abilitiesFor(ops, open, needsLead).decideRemedy).toBe(true);
    expect(abilitiesFor(ops, open, needsExec).decideRemedy).toBe(false);
    expect(abilitiesFor(exec, open, needsExec).decideRemedy).toBe(true);
    // Decided already, or no approval needed, or the case is closed: nothing to decide.
    expect(abilitiesFor(exec, open, { ...needsLead, status: 'declined' }).decideRemedy).toBe(false);
    expect(abilitiesFor(exec, open, undefined).decideRemedy).toBe(false);
    expect(abilitiesFor(exec, { ...open, status: 'resolved' }, needsLead).decideRemedy).toBe(false);
    expect([csr, lead, ops, exec].map((me) => abilitiesFor(me, open).reassign)).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(abilitiesFor(lead, { ...open, status: 'resolved' }).reassign).toBe(false);
  });

  it('offers no claim on a case the user already owns', () => {
    expect(abilitiesFor(csr, { ...open, assignee: { userId: 'csr-bob' } }).claim).toBe(false);
  });

  it('leaves a case in executive review to executives to resolve', () => {
    const exec = { ...open, escalationLevel: 'executive' };
    expect(abilitiesFor(ops, exec)).toMatchObject({ resolve: false, escalateTo: [] });
    expect(abilitiesFor({ name: 'e', role: 'executive' }, exec).resolve).toBe(true);
  });

  it('offers reopen on a resolved case to team leads and above only', () => {
    const resolved = { ...open, status: 'resolved' };
    expect(abilitiesFor(csr, resolved)).toMatchObject({
      reopen: false,
      claim: false,
      resolve: false,
    });
    expect(abilitiesFor({ name: 'l', role: 'team_lead' }, resolved).reopen).toBe(true);
  });

  it('offers an admin, who audits cases but may not work them, no action at all', () => {
    const admin = { name: 'root', role: 'admin' };
    for (const status of ['in_progress', 'waiting_on_customer', 'resolved']) {
      const can = abilitiesFor(admin, { ...open, status });
      expect(Object.keys(can)).toEqual(Object.keys(abilitiesFor(csr, open)));
      expect(Object.values(can).flat().filter(Boolean)).toEqual([]);
    }
  });

  it('swaps wait-on-customer for customer-replied while waiting', () => {
    const waiting = { ...open, status: 'waiting_on_customer' };
    expect(abilitiesFor(csr, waiting)).toMatchObject({
      waitOnCustomer: false,
      customerReplied: true,
    });
  });
});

describe('bulk actions', () => {
  const cases = [
    { ...open, caseId: 'aaaaaaaa-1' },
    { ...open, caseId: 'bbbbbbbb-2', assignee: { userId: 'csr-bob' } },
    { ...open, caseId: 'cccccccc-3', status: 'resolved' },
  ];

  it('runs only on the cases the role may act on that way, and skips the rest', () => {
    const claim = bulkPlan(csr, cases, 'claim');
    expect([claim.run, claim.skipped].map((x) => x.map((c) => c.caseId))).toEqual([
      ['aaaaaaaa-1'],
      ['bbbbbbbb-2', 'cccccccc-3'],
    ]);
    expect(bulkPlan(csr, cases, 'resolve').run).toHaveLength(2);
    expect(bulkPlan({ name: 'root', role: 'admin' }, cases, 'resolve').run).toEqual([]);
  });

  it('sends each case its own command and says what was done, refused and skipped', async () => {
    const sent = [];
    const act = async (id, path, body) => {
      sent.push([id, path, body]);
      if (id === 'bbbbbbbb-2') throw new Error('Case is being changed');
    };
    const plan = bulkPlan(csr, cases, 'resolve');
    const results = await runBulk(plan, 'resolve', 'duplicate', act);
    expect(sent).toEqual([
      ['aaaaaaaa-1', 'resolve', { resolution: 'resolved_by_csr', reason: 'duplicate' }],
      ['bbbbbbbb-2', 'resolve', { resolution: 'resolved_by_csr', reason: 'duplicate' }],
    ]);
    expect(bulkSummary('resolve', results, plan.skipped)).toBe(
      'Resolve: 1 of 3 resolved; 1 refused (bbbbbbbb: Case is being changed); 1 skipped (not open to this action).',
    );
  });
});

describe('bulk reassignment', () => {
  const lead = { name: 'lead-ann', role: 'team_lead' };
  const cases = [
    { ...open, caseId: 'aaaaaaaa-1', assignee: { userId: null, queue: 'billing' } },
    { ...open, caseId: 'bbbbbbbb-2', assignee: { userId: 'csr-kim', queue: 'billing' } },
    { ...open, caseId: 'cccccccc-3', assignee: { userId: 'csr-kim', queue: 'returns' } },
  ];

  it('sends each case to the named user and/or queue, skipping the ones already there and all of a CSR', async () => {
    const to = reassignTarget(' csr-kim ', 'billing');
    expect(to).toEqual({ userId: 'csr-kim', queue: 'billing' });
    const plan = bulkPlan(lead, cases, 'reassign', to);
    expect(plan.skipped.map((c) => c.caseId)).toEqual(['bbbbbbbb-2']);
    const sent = [];
    const results = await runBulk(
      plan,
      'reassign',
      '',
      async (id, path, body) => sent.push([id, path, body]),
      to,
    );
    expect(sent).toEqual([
      ['aaaaaaaa-1', 'reassign', { userId: 'csr-kim', queue: 'billing' }],
      ['cccccccc-3', 'reassign', { userId: 'csr-kim', queue: 'billing' }],
    ]);
    expect(bulkSummary('reassign', results, plan.skipped)).toBe(
      'Reassign: 2 of 3 reassigned; 1 skipped (not open to this action).',
    );
    expect(bulkPlan(csr, cases, 'reassign', to).run).toEqual([]);
    // A queue alone moves the cases not in it yet; a reason goes with each.
    const moved = bulkPlan(lead, cases, 'reassign', reassignTarget('', 'returns'));
    expect(moved.run.map((c) => c.caseId)).toEqual(['aaaaaaaa-1', 'bbbbbbbb-2']);
    expect(BULK_ACTIONS.reassign.body('rota', { queue: 'returns' })).toEqual({
      queue: 'returns',
      reason: 'rota',
    });
  });
});

describe('audit entries in words', () => {
  it('says who approved or declined which remedy, and where a case was moved', () => {
    const by = { actor: 'lead-ann', role: 'team_lead', at: '2025-03-06T14:00:00Z' };
    const remedy = { description: '15 % credit ($600.00)' };
    expect(auditText({ ...by, action: 'remedy_approved', detail: { remedy } })).toBe(
      'lead-ann (Team lead) approved the remedy “15 % credit ($600.00)”',
    );
    expect(
      auditText({ ...by, action: 'remedy_declined', detail: { remedy, reason: 'Replace it' } }),
    ).toBe('lead-ann (Team lead) declined the remedy “15 % credit ($600.00)” — “Replace it”');
    const to = { userId: 'csr-kim', queue: 'billing' };
    expect(auditText({ ...by, action: 'reassigned', detail: { to } })).toBe(
      'lead-ann (Team lead) reassigned the case to csr-kim in the billing queue',
    );
    expect(
      auditText({
        ...by,
        action: 'reassigned',
        detail: { to: { userId: null, queue: 'returns' } },
      }),
    ).toBe('lead-ann (Team lead) reassigned the case to the returns queue, unassigned');
  });
});

describe('unifiedTimeline', () => {
  it('merges evidence, the notice and the audit trail, oldest first, ties in given order', () => {
    const c = {
      evidence: [
        { occurredAt: '2025-03-06T13:00:00Z', type: 'shipment.exception-scanned', summary: 'scan' },
        { occurredAt: '2025-03-06T15:00:00Z', type: 'customer.track_parcel', summary: 'asked' },
      ],
      customerNotifiedAt: '2025-03-06T14:30:00Z',
    };
    const audit = [
      { at: '2025-03-06T14:00:00Z', actor: 'detector', action: 'opened', detail: {} },
      { at: '2025-03-06T14:00:00Z', actor: 'bob', action: 'commented', detail: { text: 'hi' } },
      {
        at: '2025-03-06T16:00:00Z',
        actor: 'bob',
        action: 'escalated',
        detail: { to: 'l2', reason: 'late' },
      },
    ];
    expect(unifiedTimeline(c, audit).map((t) => `${t.source}: ${t.text}`)).toEqual([
      'Carrier: scan',
      'Forewarn: Forewarn opened the case',
      'Staff: bob wrote a comment — “hi”',
      'Notice: Customer told',
      'Customer: asked',
      'Staff: bob escalated the case to L2 — “late”',
    ]);
  });

  it('words a case the customer opened as their request, and names the role of whoever acted', () => {
    const c = {
      origin: 'customer',
      caseType: 'track_parcel',
      requests: [{ requestType: 'track_parcel', message: 'where is it?' }],
    };
    const audit = [
      { at: '2025-03-06T14:00:00Z', actor: 'portal', action: 'opened', detail: {} },
      { at: '2025-03-06T14:05:00Z', actor: 'bob', role: 'csr', action: 'claimed', detail: {} },
    ];
    expect(unifiedTimeline(c, audit).map((t) => t.text)).toEqual([
      'The customer asked us to track parcel — “where is it?”',
      'bob (CSR) took the case',
    ]);
  });
});

describe('ownerTilesOf', () => {
  const orders = {
    orders: 12,
    otif: { measured: 10, hits: 7, ratio: 0.7 },
    fillRate: { orderedUnits: 400, shippedUnits: 396, ratio: 0.99 },
    pickAccuracy: { pickedLines: 200, accurateLines: 199, ratio: 0.995 },
  };
  const told = {
    kpi: {
      exceptions: 8,
      told: 6,
      proactive: 5,
      proactiveRatio: 0.625,
      medianTimeToTellMs: 1.8e6,
      medianLeadTimeMs: 9e6,
    },
  };

  it("shows the owners' figures as they state them, formatted as the main job's summary", () => {
    expect(ownerTilesOf(orders, told).map(([name, value]) => [name, value])).toEqual([
      ['OTIF', '70.0 %'],
      ['Fill rate', '99.0 %'],
      ['Pick accuracy', '99.5 %'],
      ['Proactive ratio', '62.5 %'],
      ['Median time to customer notice', '0.5 h'],
      ['Median lead time over the customer', '2.5 h'],
    ]);
  });

  it('says so when an owner did not answer', () => {
    expect(ownerTilesOf(undefined, told).map(([, v]) => v)).toEqual([
      'unavailable',
      'unavailable',
      'unavailable',
      '62.5 %',
      '0.5 h',
      '2.5 h',
    ]);
  });
});

describe("the dashboard's filter, carried to the owners and to the queue", () => {
  const filter = { days: '30', customer: 'C-1', tier: 'retail', site: 'WH-DAL', carrier: 'ups' };

  it('names it as the owners and the queue do, leaving out what is not chosen', () => {
    expect(ownerScope(filter)).toEqual({
      customerId: 'C-1',
      tier: 'retail',
      site: 'WH-DAL',
      carrier: 'ups',
    });
    expect(ownerScope({ days: '7', site: 'WH-1', carrier: '' })).toEqual({ site: 'WH-1' });
  });

  it("links a figure to the cases opened in the dashboard's window, as the figure counts them", () => {
    const window = { since: '2025-02-04T00:00:00.000Z', until: '2025-03-06T13:00:00.000Z' };
    const link = queueLink({ site: 'WH-DAL' }, { status: 'all', ...openedIn(window) });
    expect(Object.fromEntries(new URLSearchParams(link.slice('#/queue?'.length)))).toEqual({
      site: 'WH-DAL',
      status: 'all',
      openedSince: window.since,
      openedUntil: window.until,
    });
  });

  it('links a figure to the cases behind it with the same filter and its own', () => {
    const link = queueLink(filter, { status: 'closed', type: '' });
    expect(link.startsWith('#/queue?')).toBe(true);
    expect(Object.fromEntries(new URLSearchParams(link.slice('#/queue?'.length)))).toEqual({
      customerId: 'C-1',
      tier: 'retail',
      site: 'WH-DAL',
      carrier: 'ups',
      status: 'closed',
    });
  });
});

describe('kpiSeriesOf', () => {
  const d = {
    series: [
      { day: '2025-03-04', opened: 0, resolved: 0, breached: 0 },
      { day: '2025-03-05', opened: 4, resolved: 1, breached: 1 },
      { day: '2025-03-06', opened: 2, resolved: 0, breached: 0 },
    ],
    kpiSeries: [
      {
        day: '2025-03-04',
        slaAttainment: null,
        resolvedWithin24h: null,
        resolvedWithin48h: null,
        firstContactResolution: null,
      },
      {
        day: '2025-03-05',
        slaAttainment: 0.75,
        resolvedWithin24h: 0.5,
        resolvedWithin48h: 1,
        firstContactResolution: 0.5,
      },
      {
        day: '2025-03-06',
        slaAttainment: 1,
        resolvedWithin24h: null,
        resolvedWithin48h: null,
        firstContactResolution: null,
      },
    ],
  };
  const orders = {
    byDay: [
      {
        day: '2025-03-05',
        otif: { ratio: 0.5 },
        fillRate: { ratio: null },
        pickAccuracy: { ratio: 0.75 },
      },
    ],
  };
  const told = {
    byDay: [{ day: '2025-03-06', proactiveRatio: 0.75, medianTimeToTellMs: 5_400_000 }],
  };

  it("puts each owner's figure on the dashboard's days, a gap where it has none", () => {
    expect(kpiSeriesOf(d, orders, told).map((s) => [s.id, s.values])).toEqual([
      ['sla', [null, 75, 100]],
      ['resolved-24h', [null, 50, null]],
      ['resolved-48h', [null, 100, null]],
      ['fcr', [null, 50, null]],
      ['otif', [null, 50, null]],
      ['fill-rate', [null, null, null]],
      ['pick-accuracy', [null, 75, null]],
      ['proactive', [null, null, 75]],
      ['time-to-tell', [null, null, 1.5]],
    ]);
  });

  it("charts only the detector's own when the owners cannot split by the filter", () => {
    expect(kpiSeriesOf(d, undefined, undefined).map((s) => s.id)).toEqual([
      'sla',
      'resolved-24h',
      'resolved-48h',
      'fcr',
    ]);
  });
});
