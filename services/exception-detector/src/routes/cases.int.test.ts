import type { Role } from '@forewarn/http';
import { isolationFailures, prototypeKeyFailures, securityDocOf } from '@forewarn/http/testing';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import { decodeEvent } from '@forewarn/contracts';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/scenarios/builders.js';
import { lockKeys } from '../db/locks.js';
import { lockKey } from '../workflow/locks.js';
import { startFakeHttp, type FakeHttp } from '../testing/crm/fake-http.js';
import { signedBy } from '../testing/crm/fake-webhook.js';
import { processedAtLeast, produce, startDetector, testClock } from '../testing/harness.js';

const keys = {
  csr: 'csr-key-0123456789abcdef',
  lead: 'lead-key-0123456789abcdef',
  exec: 'exec-key-0123456789abcdef',
  acme: 'acme-key-0123456789abcdef',
  bolt: 'bolt-key-0123456789abcdef',
  admin: 'admin-key-0123456789abcdef',
  kim: 'kim-key-0123456789abcdefgh',
};
const API_KEYS = JSON.stringify([
  { key: keys.csr, role: 'csr', name: 'csr-bob' },
  { key: keys.lead, role: 'team_lead', name: 'lead-ann' },
  { key: keys.exec, role: 'executive', name: 'exec-eve' },
  { key: keys.acme, role: 'customer', customerId: 'C-api' },
  { key: keys.bolt, role: 'customer', customerId: 'C-first' },
  { key: keys.admin, role: 'admin', name: 'ops-admin' },
  { key: keys.kim, role: 'csr', name: 'csr-kim' },
]);

describe('CSR API (real database)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  let crm: FakeHttp;
  const HOOK_SECRET = 'whsec_api_0123456789abcdef';
  const clock = testClock('2025-03-06T14:00:00Z');
  const s = b.story('api');
  const call = async (method: string, url: string, key: string, body?: unknown) => {
    const res = await svc.app.inject({
      method: method as 'GET',
      url,
      headers: { 'x-api-key': key },
      ...(body ? { payload: body as object } : {}),
    });
    return {
      status: res.statusCode,
      body: res.json() as Record<string, unknown> & { items?: { caseId: string }[] },
    };
  };

  beforeAll(async () => {
    env = await createTestEnv('detector-api');
    // A CRM that verifies the signature and then refuses every case for good (410 Gone).
    crm = await startFakeHttp((r, fail) => {
      const sig = r.headers['forewarn-signature'];
      if (typeof sig !== 'string' || !signedBy(HOOK_SECRET, r.body, sig))
        return fail('bad signature');
      return { status: 410, body: { error: 'gone' } };
    });
    const CRM_TARGETS = JSON.stringify([
      { name: 'hook', kind: 'webhook', url: `${crm.url}/hook`, secret: HOOK_SECRET },
    ]);
    svc = await startDetector(env, clock.now, {
      API_KEYS,
      CRM_TARGETS,
      CRM_POLL_INTERVAL_MS: '50',
    });
    producer = env.kafka.producer();
    await producer.connect();
    await produce(producer, env.prefix, [
      b.orderStatus(s, '2025-03-05T20:00:00Z', { status: 'shipped', customerTier: 'retail' }),
      b.shipmentStatus(s, '2025-03-05T20:00:00Z', { customerTier: 'retail' }),
      b.exceptionScanned(s, '2025-03-06T13:00:00Z', {
        exceptionReason: 'address_problem',
        customerTier: 'retail',
      }),
      b.invoicePosted(s, '2025-03-06T13:30:00Z', {
        customerTier: 'retail',
        discrepancies: [{ kind: 'total_mismatch' }],
      }),
    ]);
    await processedAtLeast(svc, 4);
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await crm?.close();
    await env?.cleanup();
  });

  it('lists the queue by SLA due with filters and cursor pagination, and refuses anonymous callers', async () => {
    expect((await svc.app.inject({ method: 'GET', url: '/v1/cases' })).statusCode).toBe(401);
    const first = await call('GET', '/v1/cases?limit=1', keys.csr);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const second = await call(
      'GET',
      `/v1/cases?limit=1&cursor=${String(first.body.nextCursor)}`,
      keys.csr,
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items![0]!.caseId).not.toBe(first.body.items![0]!.caseId);
    const byQueue = await call('GET', '/v1/cases?queue=billing', keys.csr);
    expect(byQueue.body.items!.map((i) => (i as unknown as { caseType: string }).caseType)).toEqual(
      ['invoice_discrepancy'],
    );
    const garbage = await call('GET', '/v1/cases?cursor=garbage', keys.csr);
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('shows why a case opened, its wording and its audit trail, and audits every action with who and when', async () => {
    const [exception] = (await call('GET', '/v1/cases?queue=transportation', keys.csr)).body.items!;
    const id = exception!.caseId;
    expect((await call('POST', `/v1/cases/${id}/claim`, keys.csr, {})).body).toMatchObject({
      status: 'in_progress',
      assignee: { userId: 'csr-bob' },
    });
    const tooBig = {
      reason: 'goodwill',
      remedy: {
        kind: 'percent_credit',
        creditPercent: 25,
        amount: { amountMinor: 60_000, currency: 'USD' },
        description: '25 % credit',
      },
    };
    expect((await call('POST', `/v1/cases/${id}/remedy`, keys.csr, tooBig)).body).toMatchObject({
      code: 'CREDIT_OVER_ROLE_LIMIT',
    });
    expect((await call('POST', `/v1/cases/${id}/remedy`, keys.lead, tooBig)).status).toBe(200);
    expect(
      (await call('POST', `/v1/cases/${id}/escalate`, keys.csr, { reason: 'customer upset' })).body,
    ).toMatchObject({ escalationLevel: 'l2' });
    expect(
      (await call('POST', `/v1/cases/${id}/resolve`, keys.csr, { reason: 'address fixed' })).body,
    ).toMatchObject({ status: 'resolved' });
    expect((await call('POST', `/v1/cases/${id}/reopen`, keys.csr, { reason: 'x' })).status).toBe(
      403,
    );
    expect(
      (await call('POST', `/v1/cases/${id}/reopen`, keys.lead, { reason: 'customer called back' }))
        .body,
    ).toMatchObject({ status: 'in_progress' });
    const detail = await call('GET', `/v1/cases/${id}`, keys.lead);
    expect(detail.body.why).toContain('address problem');
    expect((detail.body.wording as { escalation: string }).escalation).toContain('25 % credit');
    const audit = detail.body.audit as { actor: string; action: string; at: string }[];
    expect(audit.map((a) => `${a.actor}:${a.action}`)).toEqual([
      'detector:opened',
      'csr-bob:claimed',
      'lead-ann:remedy_changed',
      'csr-bob:escalated',
      'csr-bob:resolved',
      'lead-ann:reopened',
    ]);
    expect(audit.every((a) => a.at === '2025-03-06T14:00:00.000Z')).toBe(true);
  });

  it('lets a customer request join the open proactive case, and refuses another customer', async () => {
    const ask = {
      requestId: 'rq-api-1',
      requestType: 'file_claim',
      customerId: s.customerId,
      orderId: s.orderId,
      message: 'invoice is wrong',
    };
    expect(
      (await call('POST', '/v1/requests', keys.acme, { ...ask, customerId: 'C-other' })).status,
    ).toBe(404);
    const joined = await call('POST', '/v1/requests', keys.acme, ask);
    expect(joined.body).toMatchObject({ caseType: 'invoice_discrepancy', origin: 'proactive' });
    const again = await call('POST', '/v1/requests', keys.acme, ask);
    expect(again.body.caseId).toBe(joined.body.caseId);
    const docs = (await svc.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/v1/cases',
        '/v1/cases/{caseId}',
        '/v1/cases/{caseId}/escalate',
        '/v1/requests',
      ]),
    );
  });

  it('a delay detected after the customer asked takes their request over: one case to work, the request case closed and linked', async () => {
    const f = b.story('first');
    const retail = { customerTier: 'retail' as const };
    await produce(producer, env.prefix, [
      b.orderStatus(f, '2025-03-05T20:00:00Z', { ...retail, status: 'shipped' }),
      b.shipmentStatus(f, '2025-03-05T20:00:00Z', retail),
    ]);
    const ask = {
      requestId: 'rq-first-1',
      requestType: 'track_parcel',
      customerId: f.customerId,
      trackingNumber: f.trackingNumber,
      message: 'Where is our parcel?',
    };
    await processedAtLeast(svc, 6);
    const own = (await call('POST', '/v1/requests', keys.bolt, ask)).body;
    expect(own).toMatchObject({ caseType: 'track_parcel', origin: 'customer', status: 'open' });
    await produce(producer, env.prefix, [
      b.etaChanged(f, '2025-03-06T13:45:00Z', { ...retail, eta: '2025-03-20T17:00:00Z' }),
    ]);
    const delay = await eventually(
      async () => {
        const items = (await call('GET', '/v1/cases?status=all', keys.lead)).body
          .items as unknown as {
          caseId: string;
          caseType: string;
          subject: { id: string };
        }[];
        return items.find((c) => c.caseType === 'carrier_delay' && c.subject.id === f.shipmentId);
      },
      { what: 'the delay case' },
    );
    const detail = (await call('GET', `/v1/cases/${delay.caseId}`, keys.lead)).body.case as Record<
      string,
      unknown
    >;
    expect(detail.requests).toEqual([
      expect.objectContaining({ requestId: 'rq-first-1', beforeWeNotified: true }),
    ]);
    expect(detail.linkedCaseIds).toEqual([own.caseId]);
    const merged = (await call('GET', `/v1/cases/${String(own.caseId)}`, keys.lead)).body.case;
    expect(merged).toMatchObject({ status: 'resolved', linkedCaseIds: [delay.caseId] });
    // Asked again, the customer lands on the delay case, not a new one.
    const again = await call('POST', '/v1/requests', keys.bolt, {
      ...ask,
      requestId: 'rq-first-2',
    });
    expect(again.body).toMatchObject({ caseId: delay.caseId, origin: 'proactive' });
  });

  it('a request waits while a detection holds its customer, so the two never both open a case', async () => {
    // What the consumer holds while it decides on the customer's orders.
    const consumer = await svc.ctx.pool.connect();
    try {
      await consumer.query('BEGIN');
      await lockKeys(consumer, [lockKey.customer('C-locked')]);
      let settled = false;
      const pending = call('POST', '/v1/requests', keys.lead, {
        requestId: 'rq-locked-1',
        requestType: 'collect_order',
        customerId: 'C-locked',
      }).finally(() => {
        settled = true;
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false);
      await consumer.query('COMMIT');
      expect((await pending).status).toBe(200);
    } finally {
      consumer.release();
    }
  });

  it('mirrors case changes to the CRM worker; refused sends are dead, listed at GET /crm-sync?status=dead and counted', async () => {
    const cases = (await call('GET', '/v1/cases?status=all', keys.lead)).body.items!;
    const dead = await eventually(
      async () => {
        const r = await call('GET', '/v1/crm-sync?status=dead', keys.lead);
        const ids = new Set((r.body.items as unknown as { caseId: string }[]).map((i) => i.caseId));
        return cases.every((c) => ids.has(c.caseId)) ? r.body.items : undefined;
      },
      { what: 'every case dead-lettered', timeoutMs: 15_000 },
    );
    expect(dead).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: 'hook', status: 'dead', attempts: 1 }),
      ]),
    );
    expect(crm.violations).toEqual([]);
    expect((await call('GET', '/v1/crm-sync?status=dead', keys.csr)).status).toBe(403);
    const metrics = (await svc.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      /forewarn_crm_sync_dead_total\{target="hook",system="webhook",reason="permanent"/,
    );
  });

  it("never lets a customer reach another customer's order, shipment, case or request", async () => {
    // C-first (bolt) names what belongs to C-api (acme): each answer is a plain 404.
    const theirs = {
      orderId: { orderId: s.orderId },
      shipmentId: { shipmentId: s.shipmentId },
      trackingNumber: { trackingNumber: s.trackingNumber },
      poNumber: { poNumber: `PO-${s.orderId}` },
    };
    const before = (await call('GET', '/v1/cases?status=all', keys.lead)).body.items!.length;
    for (const [field, names] of Object.entries(theirs)) {
      const res = await call('POST', '/v1/requests', keys.bolt, {
        requestId: `rq-probe-${field}`,
        requestType: 'file_claim',
        customerId: 'C-first',
        ...names,
      });
      if (field === 'poNumber') {
        // A PO number is looked up within the caller's own customer: it finds nothing of C-api's.
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ origin: 'customer', customerId: 'C-first' });
      } else {
        expect({ field, status: res.status, code: res.body.code }).toEqual({
          field,
          status: 404,
          code: 'REQUEST_SUBJECT_NOT_FOUND',
        });
      }
    }
    // C-first's request id (its request opened a case of its own), replayed by C-api: not found.
    const replay = await call('POST', '/v1/requests', keys.acme, {
      requestId: 'rq-first-1',
      requestType: 'track_parcel',
      customerId: 'C-api',
    });
    expect(replay).toMatchObject({ status: 404, body: { code: 'REQUEST_SUBJECT_NOT_FOUND' } });
    const after = (await call('GET', '/v1/cases?status=all', keys.lead)).body.items!;
    expect(after.length).toBe(before + 1);
  });

  it("answers C-first 404 for C-api's cases, order and customer id on every route a customer key may call with an id, and C-first its own", async () => {
    const all = (await call('GET', '/v1/cases?status=all&limit=200', keys.lead)).body
      .items as unknown as { caseId: string; customerId: string }[];
    const apiCase = all.find((c) => c.customerId === 'C-api')!;
    const firstCase = all.find((c) => c.customerId === 'C-first')!;
    const f = b.story('first');
    const failures = await isolationFailures(svc.app, keys.bolt, {
      'GET /v1/cases/:caseId': {
        theirs: `/v1/cases/${apiCase.caseId}`,
        ours: `/v1/cases/${firstCase.caseId}`,
      },
      'GET /v1/orders/:orderId/cases': {
        theirs: `/v1/orders/${s.orderId}/cases`,
        ours: `/v1/orders/${f.orderId}/cases`,
      },
      // A list filtered by another customer answers the same 404 as a path naming it.
      'GET /v1/cases': {
        theirs: '/v1/cases?customerId=C-api',
        ours: '/v1/cases?customerId=C-first&status=all',
      },
      // Filing a request for another customer: 404 and nothing opened.
      'POST /v1/requests': {
        theirs: '/v1/requests',
        payload: { requestId: 'rq-iso-1', requestType: 'file_claim', customerId: 'C-api' },
      },
    });
    expect(failures).toEqual([]);
    // A missing case and another customer's answer alike, but for the id echoed in detail.
    const missing = await call('GET', '/v1/cases/00000000-0000-4000-8000-000000000000', keys.bolt);
    const foreign = await call('GET', `/v1/cases/${apiCase.caseId}`, keys.bolt);
    const blank = { detail: '', instance: '', requestId: '' };
    expect({ ...foreign.body, ...blank }).toEqual({ ...missing.body, ...blank });
  });

  it('shows a customer its own cases in the customer view only, and lets admins read but not work cases', async () => {
    const staffView = (await call('GET', '/v1/cases?status=all&limit=200', keys.lead)).body
      .items as unknown as { caseId: string; customerId: string }[];
    const own = staffView.filter((c) => c.customerId === 'C-first').map((c) => c.caseId);
    const mine = await call('GET', '/v1/cases?status=all&limit=200', keys.bolt);
    expect(mine.status).toBe(200);
    expect(mine.body.items!.map((c) => c.caseId).sort()).toEqual([...own].sort());
    const customerFields = [
      'caseId',
      'caseType',
      'firstResponseDueAt',
      'openedAt',
      'origin',
      'remedy',
      'requests',
      'resolutionDueAt',
      'resolvedAt',
      'status',
      'subject',
    ];
    for (const item of mine.body.items!) expect(Object.keys(item).sort()).toEqual(customerFields);
    // Staff-only filters do not narrow a customer's list (they would reveal routing).
    const byOwner = await call('GET', '/v1/cases?status=all&limit=200&owner=csr-bob', keys.bolt);
    expect(byOwner.body.items!.length).toBe(own.length);
    const detail = await call('GET', `/v1/cases/${own[0]}`, keys.bolt);
    expect(Object.keys(detail.body).sort()).toEqual(customerFields);
    expect(JSON.stringify(detail.body)).not.toMatch(/audit|evidence|assignee|crm|csr-|lead-/);
    // Case work stays with named staff.
    expect((await call('POST', `/v1/cases/${own[0]}/claim`, keys.bolt, {})).status).toBe(403);
    expect((await call('GET', `/v1/cases/${own[0]}`, keys.admin)).body).toHaveProperty('audit');
    expect((await call('GET', '/v1/cases?status=all', keys.admin)).status).toBe(200);
    expect((await call('POST', `/v1/cases/${own[0]}/claim`, keys.admin, {})).status).toBe(403);
  });

  it('answers every route below 500 with a prototype key in any param, query or body', async () => {
    const byRole: Partial<Record<Role, string>> = {
      csr: keys.csr,
      team_lead: keys.lead,
      customer: keys.acme,
      admin: keys.admin,
    };
    expect(await prototypeKeyFailures(svc.app, (role) => byRole[role])).toEqual([]);
  });

  it('lists its routes and the roles allowed on each in SECURITY.md, as registered', () => {
    const { documented, registered } = securityDocOf('exception-detector', svc.app);
    expect(documented).toBe(registered);
  });

  it('lets a team lead approve or decline a remedy over the CSR credit limit and reassign a case, refusing CSRs, admins and limits beyond their own', async () => {
    const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
    // One unit short at $4,000 (a $600 credit: over the CSR's $500) and at $6,000 (executive review).
    const shortOf = (st: b.StoryIds, unitMinor: number, orderMinor: number) =>
      b.lineShort(st, '2025-03-06T13:40:00Z', {
        customerTier: 'retail',
        line: { critical: false, unitPrice: usd(unitMinor), pickedQty: 1, shortQty: 1 },
        shortQty: 1,
        lineValue: usd(unitMinor * 2),
        orderValue: usd(orderMinor),
      });
    const [credit, review, declined] = ['appr', 'revw', 'decl'].map(b.story) as [
      b.StoryIds,
      b.StoryIds,
      b.StoryIds,
    ];
    await produce(producer, env.prefix, [
      shortOf(credit, 400_000, 450_000),
      shortOf(review, 600_000, 700_000),
      shortOf(declined, 400_000, 450_000),
    ]);
    const caseOf = (st: b.StoryIds) =>
      eventually(
        async () =>
          (await call('GET', `/v1/cases?customerId=${st.customerId}`, keys.lead)).body.items?.[0]
            ?.caseId,
        { what: `the case of ${st.customerId}` },
      );
    const [creditId, reviewId, declinedId] = [
      await caseOf(credit),
      await caseOf(review),
      await caseOf(declined),
    ];
    type Detail = { case: { remedyApproval?: Record<string, unknown> }; audit: unknown[] };
    const approvalOf = async (id: string) =>
      ((await call('GET', `/v1/cases/${id}`, keys.csr)).body as unknown as Detail).case
        .remedyApproval;
    expect(await approvalOf(creditId)).toMatchObject({
      status: 'pending',
      needs: 'team_lead',
      remedy: { kind: 'percent_credit', amount: usd(60_000) },
    });
    expect(await approvalOf(reviewId)).toMatchObject({ status: 'pending', needs: 'executive' });
    // The queue's filter finds the three waiting; a team lead may decide two of them (not the
    // executive review), an executive all three, a CSR none; the badge's counts say the same.
    const ids = async (query: string, key: string) =>
      (await call('GET', `/v1/cases?${query}&limit=200`, key)).body.items!.map((i) => i.caseId);
    const waiting = [creditId, reviewId, declinedId];
    expect(await ids('remedy=pending', keys.lead)).toEqual(expect.arrayContaining(waiting));
    const leads = await ids('remedy=awaiting_me', keys.lead);
    expect(leads).toEqual(expect.arrayContaining([creditId, declinedId]));
    expect(leads).not.toContain(reviewId);
    expect(await ids('remedy=awaiting_me', keys.exec)).toEqual(expect.arrayContaining(waiting));
    // A CSR approves nothing over its own limit, an admin nothing at all.
    expect(await ids('remedy=awaiting_me', keys.csr)).toEqual([]);
    expect(await ids('remedy=awaiting_me', keys.admin)).toEqual([]);
    expect(await ids('remedy=pending', keys.admin)).toEqual(expect.arrayContaining(waiting));
    expect(await call('GET', '/v1/cases/pending-approvals', keys.lead)).toEqual({
      status: 200,
      body: {
        pending: (await ids('remedy=pending', keys.lead)).length,
        yours: leads.length,
      },
    });
    expect((await call('GET', '/v1/cases?remedy=waiting', keys.lead)).body).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [expect.objectContaining({ location: 'querystring', path: '/remedy' })],
    });
    expect((await call('GET', '/v1/cases/pending-approvals', keys.csr)).status).toBe(403);
    // A customer's key ignores the staff filter: its own cases, waiting or not.
    expect((await call('GET', '/v1/cases?remedy=pending', keys.acme)).status).toBe(200);

    // The suggested words do not promise the credit before it is approved.
    const followUp = async (id: string) =>
      ((await call('GET', `/v1/cases/${id}`, keys.csr)).body.wording as { followUp: string })
        .followUp;
    expect(await followUp(creditId)).not.toContain('credit');

    // A CSR and an admin may neither approve, decline nor reassign: the route refuses their role.
    const post = (id: string, path: string, key: string, body: unknown = {}) =>
      call('POST', `/v1/cases/${id}/${path}`, key, body);
    for (const key of [keys.csr, keys.admin]) {
      expect((await post(creditId, 'approve-remedy', key)).body).toMatchObject({
        code: 'ROLE_NOT_ALLOWED',
      });
      expect((await post(creditId, 'decline-remedy', key, { reason: 'no' })).status).toBe(403);
      expect((await post(creditId, 'reassign', key, { userId: 'csr-kim' })).status).toBe(403);
    }
    // A team lead's $5,000 does not reach an executive review.
    const beyond = await post(reviewId, 'approve-remedy', keys.lead);
    expect([beyond.status, beyond.body.code]).toEqual([403, 'APPROVAL_OVER_ROLE_LIMIT']);
    expect(beyond.body.detail).toBe(
      'Only an executive or above may approve or decline this remedy (you are a team lead).',
    );
    expect(
      (await post(reviewId, 'approve-remedy', keys.exec, { note: 'Waive the fee' })).status,
    ).toBe(200);

    expect(
      (await post(creditId, 'approve-remedy', keys.lead, { note: 'Loyal customer' })).status,
    ).toBe(200);
    expect(await followUp(creditId)).toContain('15 % credit');
    expect(await approvalOf(creditId)).toMatchObject({
      status: 'approved',
      by: 'lead-ann',
      role: 'team_lead',
      reason: 'Loyal customer',
    });
    expect((await post(creditId, 'approve-remedy', keys.exec)).body).toMatchObject({
      code: 'REMEDY_NOT_PENDING',
    });

    // Declining needs a reason; once declined, no one approves it without a new proposal.
    expect((await post(declinedId, 'decline-remedy', keys.lead, {})).status).toBe(400);
    expect(
      (await post(declinedId, 'decline-remedy', keys.lead, { reason: 'Replace it instead' }))
        .status,
    ).toBe(200);
    const late = await post(declinedId, 'approve-remedy', keys.exec);
    expect([late.status, late.body.code]).toEqual([409, 'REMEDY_NOT_PENDING']);

    // Only to someone who signs in and works cases: a stranger, an admin or a customer key is
    // refused with the catalog's code, and the case stays where it was.
    expect((await call('GET', '/v1/assignees', keys.lead)).body).toEqual({
      assignees: [
        { userId: 'csr-bob', role: 'csr' },
        { userId: 'csr-kim', role: 'csr' },
        { userId: 'lead-ann', role: 'team_lead' },
        { userId: 'exec-eve', role: 'executive' },
      ],
    });
    expect((await call('GET', '/v1/assignees', keys.csr)).status).toBe(403);
    const stranger = await post(declinedId, 'reassign', keys.lead, { userId: 'csr-kym' });
    expect([stranger.status, stranger.body.code]).toEqual([400, 'UNKNOWN_ASSIGNEE']);
    const admin = await post(declinedId, 'reassign', keys.lead, { userId: 'ops-admin' });
    expect([admin.status, admin.body.code, admin.body.detail]).toEqual([
      400,
      'ASSIGNEE_CANNOT_WORK_CASES',
      'ops-admin signs in as admin, a role that does not work cases.',
    ]);
    expect(
      (
        (await call('GET', `/v1/cases/${declinedId}`, keys.lead)).body.summary as {
          assignee: unknown;
        }
      ).assignee,
    ).toEqual({ userId: 'csr-jane', queue: 'fulfilment' });

    // Reassigned to a named CSR in another queue: the owner and queue filters find it there.
    expect((await post(declinedId, 'reassign', keys.lead, {})).status).toBe(400);
    expect((await post(declinedId, 'reassign', keys.lead, { queue: 'nowhere' })).status).toBe(400);
    const moved = await post(declinedId, 'reassign', keys.lead, {
      userId: 'csr-kim',
      queue: 'billing',
      reason: 'Billing handles this customer',
    });
    expect(moved.body).toMatchObject({ assignee: { userId: 'csr-kim', queue: 'billing' } });
    const found = await call('GET', '/v1/cases?queue=billing&owner=csr-kim', keys.csr);
    expect(found.body.items!.map((i) => i.caseId)).toEqual([declinedId]);
    const again = await post(declinedId, 'reassign', keys.exec, { userId: 'csr-kim' });
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_ASSIGNED']);

    const trail = (
      (await call('GET', `/v1/cases/${declinedId}`, keys.lead)).body as unknown as Detail
    ).audit as { actor: string; action: string; detail: Record<string, unknown> }[];
    expect(trail.slice(-2)).toEqual([
      expect.objectContaining({
        actor: 'lead-ann',
        action: 'remedy_declined',
        detail: expect.objectContaining({ reason: 'Replace it instead' }),
      }),
      expect.objectContaining({
        actor: 'lead-ann',
        action: 'reassigned',
        detail: {
          // The order's account CSR it was routed to.
          from: { userId: 'csr-jane', queue: 'fulfilment' },
          to: { userId: 'csr-kim', queue: 'billing' },
          reason: 'Billing handles this customer',
        },
      }),
    ]);
    // Each emitted as case.updated: the refusal as an in-house change (no customer notice), the move as reassigned.
    const { rows } = await svc.ctx.pool.query<{ value: Buffer }>(
      'SELECT value FROM outbox WHERE key = $1 ORDER BY id',
      [declinedId],
    );
    const updates = rows
      .map((r) => decodeEvent(r.value).event)
      .filter((e) => e.type === 'case.updated')
      .map((e) => {
        const p = e.payload as { change: string; note?: string; assignee: unknown };
        return [p.change, p.note, p.assignee];
      });
    expect(updates).toEqual([
      [
        'other',
        expect.stringMatching(
          /^Remedy declined by lead-ann \(team lead\): .*\. Replace it instead$/,
        ),
        expect.anything(),
      ],
      [
        'reassigned',
        'Reassigned to csr-kim (billing queue) by lead-ann: Billing handles this customer',
        { userId: 'csr-kim', queue: 'billing' },
      ],
    ]);
  });
});
