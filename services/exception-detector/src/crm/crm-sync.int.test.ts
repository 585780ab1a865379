import { withTransaction } from '@forewarn/db';
import { createMetricsRegistry } from '@forewarn/observability';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listCrmJobs } from '../db/crm-sync.js';
import { pgStore } from '../db/pg-store.js';
import type { Case } from '../domain/cases/case.js';
import type { CaseCommand } from '../domain/cases/commands.js';
import { defaultPolicy } from '../domain/policy.js';
import * as b from '../testing/scenarios/builders.js';
import { migratedPool, silentLogger } from '../testing/db.js';
import { startFakeSalesforce } from '../testing/crm/fake-salesforce.js';
import { startFakeWebhook } from '../testing/crm/fake-webhook.js';
import { startFakeZendesk } from '../testing/crm/fake-zendesk.js';
import { handleCommand } from '../workflow/commands.js';
import { handleEvent } from '../workflow/engine.js';
import { crmTarget, type CrmTarget } from './targets.js';
import { crmSyncer } from './worker.js';

const SF = { clientId: 'sf-client', clientSecret: 'sf-secret' };
const ZD = { email: 'ops@acme.example', apiToken: 'zd-token-123' };
const HOOK_SECRET = 'whsec_0123456789abcdef';
const SF_CASE = '/services/data/v60.0/sobjects/Case';

describe('CRM sync through the outbox table (real PostgreSQL, local CRM servers)', () => {
  let env: TestEnv;
  let pool: pg.Pool;
  let now: Date;
  let targets: CrmTarget[] = [];
  const registry = createMetricsRegistry('crm-test', { defaultMetrics: false });
  const closers: (() => Promise<void>)[] = [];
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));
  const syncer = () =>
    crmSyncer({
      pool,
      now: () => now,
      targets,
      logger: silentLogger,
      metrics: registry,
      retry: { maxAttempts: 3, backoff: { initialMs: 1_000, maxMs: 10_000, factor: 2 } },
      random: () => 1, // the delay is the backoff ceiling: 1 s, then 2 s
    });
  const ctx = () => ({ policy: defaultPolicy, now });

  /** A local webhook receiver as the only target, closed after the test. */
  async function useWebhook(name: string) {
    const hook = await startFakeWebhook(HOOK_SECRET);
    closers.push(hook.close);
    targets = [
      crmTarget.parse({
        name,
        kind: 'webhook',
        url: `${hook.url}/hooks/forewarn`,
        secret: HOOK_SECRET,
      }),
    ];
    return hook;
  }
  const store = (db: pg.ClientBase) => pgStore(db, targets);

  /** Opens a carrier-exception case (version 1) for a story of its own. */
  async function openCase(key: string): Promise<Case> {
    const s = b.story(key);
    await withTransaction(pool, async (db) => {
      for (const e of [
        b.shipmentStatus(s, now.toISOString(), { customerTier: 'retail' }),
        b.exceptionScanned(s, now.toISOString(), {
          exceptionReason: 'address_problem',
          customerTier: 'retail',
        }),
      ])
        await store(db).run((s) => handleEvent(s, e, ctx()));
    });
    const { rows } = await pool.query<{ data: Case }>(
      `SELECT data FROM cases WHERE subject_id = $1`,
      [s.shipmentId],
    );
    return rows[0]!.data;
  }
  const command = (c: Case, cmd: CaseCommand, role: 'csr' | 'executive' = 'csr') =>
    withTransaction(pool, (db) =>
      store(db).run((s) => handleCommand(s, c.caseId, cmd, { id: 'csr-bob', role }, ctx())),
    );
  const jobs = (caseId: string) =>
    pool
      .query<{ case_version: number; status: string; attempts: number; crm_id: string | null }>(
        'SELECT case_version, status, attempts, crm_id FROM crm_sync WHERE case_id = $1 ORDER BY case_version',
        [caseId],
      )
      .then((r) => r.rows);
  const caseCrm = async (caseId: string) =>
    (await pool.query<{ data: Case }>('SELECT data FROM cases WHERE case_id = $1', [caseId]))
      .rows[0]!.data.crm;

  beforeAll(async () => {
    env = await createTestEnv('detector-crm');
    pool = await migratedPool(env.databaseUrl);
  });
  beforeEach(() => {
    now = new Date('2025-03-06T14:00:00Z');
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await pool.query('TRUNCATE crm_sync, crm_links, case_audit, cases, timers, outbox');
  });
  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  it('records one job per (case, version, target) with the case change, and none when it rolls back', async () => {
    targets = [
      crmTarget.parse({
        name: 'hook',
        kind: 'webhook',
        url: 'http://127.0.0.1:9/x',
        secret: HOOK_SECRET,
      }),
    ];
    const c = await openCase('record');
    await command(c, { kind: 'comment', text: 'called the carrier' });
    expect((await jobs(c.caseId)).map((j) => [j.case_version, j.status])).toEqual([
      [1, 'pending'],
      [2, 'pending'],
    ]);
    await expect(
      withTransaction(pool, async (db) => {
        await store(db).run((s) =>
          handleCommand(s, c.caseId, { kind: 'claim' }, { id: 'x', role: 'csr' }, ctx()),
        );
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await jobs(c.caseId)).toHaveLength(2);
  });

  it('Salesforce: one cached token, create then PATCH by the stored Case Id, in version order; a new token after expiry', async () => {
    const sf = await startFakeSalesforce(SF);
    closers.push(sf.close);
    targets = [crmTarget.parse({ name: 'sf', kind: 'salesforce', instanceUrl: sf.url, ...SF })];
    const c = await openCase('sf');
    await command(c, { kind: 'claim' });
    await command(c, { kind: 'resolve', resolution: 'resolved_by_csr', reason: 'reshipped' });
    expect(await syncer().runOnce()).toBe(3);

    const sfCase = sf.cases.get(c.caseId)!;
    expect(sf.calls()).toEqual([
      'POST /services/oauth2/token',
      `POST ${SF_CASE}`,
      `PATCH ${SF_CASE}/${sfCase.Id}`,
      `PATCH ${SF_CASE}/${sfCase.Id}`,
    ]);
    expect(sf.violations).toEqual([]);
    expect(sfCase.fields).toMatchObject({
      Status: 'Closed',
      Priority: 'Medium',
      Origin: 'Web',
      Forewarn_Case_Id__c: c.caseId,
    });
    expect(sfCase.fields['Subject']).toBe(c.title);
    expect((await jobs(c.caseId)).map((j) => [j.status, j.crm_id])).toEqual([
      ['done', sfCase.Id],
      ['done', sfCase.Id],
      ['done', sfCase.Id],
    ]);
    expect((await caseCrm(c.caseId))?.['sf']?.externalId).toBe(sfCase.Id);

    advance(2 * 3_600_000); // past the token's TTL
    await command(c, { kind: 'comment', text: 'customer thanked us' });
    await syncer().runOnce();
    expect(sf.calls().slice(4)).toEqual([
      'POST /services/oauth2/token',
      `PATCH ${SF_CASE}/${sfCase.Id}`,
    ]);
  });

  it('Salesforce: a create whose reply was lost, then a 503, then success: exactly one Case, by upsert on the external id', async () => {
    const sf = await startFakeSalesforce(SF);
    closers.push(sf.close);
    targets = [crmTarget.parse({ name: 'sf', kind: 'salesforce', instanceUrl: sf.url, ...SF })];
    sf.inject(
      { on: `POST ${SF_CASE}`, status: 503, apply: true },
      { on: `PATCH ${SF_CASE}`, status: 503 },
    );
    const c = await openCase('sf-lost');
    const w = syncer();
    await w.runOnce();
    expect(await w.runOnce()).toBe(0); // backing off
    advance(1_000);
    await w.runOnce();
    advance(2_000);
    await w.runOnce();

    const upsert = `PATCH ${SF_CASE}/Forewarn_Case_Id__c/${c.caseId}`;
    expect(sf.calls()).toEqual(['POST /services/oauth2/token', `POST ${SF_CASE}`, upsert, upsert]);
    expect(sf.violations).toEqual([]);
    expect(sf.cases.size).toBe(1);
    expect(await jobs(c.caseId)).toEqual([
      { case_version: 1, status: 'done', attempts: 3, crm_id: sf.cases.get(c.caseId)!.Id },
    ]);
  });

  it('Zendesk: an idempotent create whose reply was lost is found by external_id and updated, never created twice; updates PUT the stored ticket', async () => {
    const zd = await startFakeZendesk(ZD);
    closers.push(zd.close);
    targets = [
      crmTarget.parse({ name: 'zd', kind: 'zendesk', subdomain: 'acme', baseUrl: zd.url, ...ZD }),
    ];
    zd.inject({ on: 'POST /api/v2/tickets.json', status: 502, apply: true });
    const c = await openCase('zd');
    const w = syncer();
    await w.runOnce();
    advance(1_000);
    await w.runOnce();
    await command(c, { kind: 'wait_on_customer', note: 'asked for a new address' });
    await w.runOnce();

    const [ticket] = [...zd.tickets.values()];
    expect(zd.calls()).toEqual([
      'POST /api/v2/tickets.json',
      'GET /api/v2/tickets.json',
      `PUT /api/v2/tickets/${ticket!.id}.json`,
      `PUT /api/v2/tickets/${ticket!.id}.json`,
    ]);
    expect(zd.requests[1]!.query.get('external_id')).toBe(c.caseId);
    expect(zd.violations).toEqual([]);
    expect(zd.tickets.size).toBe(1);
    expect(ticket).toMatchObject({ external_id: c.caseId, status: 'pending', priority: 'normal' });
    expect(ticket!.tags).toEqual(['forewarn', 'carrier_exception', 'forewarn_l1']);
    expect((await caseCrm(c.caseId))?.['zd']?.externalId).toBe(String(ticket!.id));
  });

  it('webhook: signed and keyed; failing twice then succeeding delivers once', async () => {
    const hook = await useWebhook('hook');
    hook.inject({ status: 503 }, { status: 500 });
    const c = await openCase('hook');
    const w = syncer();
    await w.runOnce();
    advance(1_000);
    await w.runOnce();
    advance(2_000);
    await w.runOnce();
    expect(hook.requests).toHaveLength(3);
    expect(new Set(hook.requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(hook.violations).toEqual([]);
    expect([...hook.accepted.values()]).toEqual([
      { caseId: c.caseId, version: 1, type: 'case.opened' },
    ]);
    expect((await jobs(c.caseId))[0]).toMatchObject({
      status: 'done',
      attempts: 3,
      crm_id: `WH-${c.caseId}`,
    });
  });

  it('a 4xx is permanent: dead after one attempt, listed as dead and counted; no retry follows', async () => {
    const hook = await useWebhook('hook');
    hook.inject({ status: 422 });
    const c = await openCase('perm');
    const w = syncer();
    await w.runOnce();
    advance(3_600_000);
    await w.runOnce();
    expect(hook.requests).toHaveLength(1);
    const dead = await listCrmJobs(pool, { status: 'dead', limit: 10 });
    expect(dead).toMatchObject([
      { caseId: c.caseId, attempts: 1, lastError: expect.stringContaining('HTTP 422') },
    ]);
    expect(await registry.getSingleMetricAsString('forewarn_crm_sync_dead_total')).toMatch(
      /forewarn_crm_sync_dead_total\{target="hook",system="webhook",reason="permanent",service="crm-test"\} 1/,
    );
  });

  it('transient failures: dead after the attempt limit, with backoff between attempts', async () => {
    const hook = await useWebhook('hook2');
    hook.inject({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const c = await openCase('transient');
    const w = syncer();
    await w.runOnce();
    advance(999);
    await w.runOnce(); // still inside the first backoff
    expect(hook.requests).toHaveLength(1);
    advance(1);
    await w.runOnce();
    advance(2_000);
    await w.runOnce();
    advance(3_600_000);
    await w.runOnce();
    expect(hook.requests).toHaveLength(3);
    expect(await jobs(c.caseId)).toMatchObject([{ status: 'dead', attempts: 3 }]);
    expect(await registry.getSingleMetricAsString('forewarn_crm_sync_dead_total')).toMatch(
      /target="hook2",system="webhook",reason="attempts_exhausted",service="crm-test"\} 1/,
    );
  });
});
