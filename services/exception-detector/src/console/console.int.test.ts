import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RunningService } from '@forewarn/runtime';
import { encodeEvent, eventTypeByName, keyFor } from '@forewarn/contracts';
import {
  samplePurchaseOrderAcknowledged,
  samplePurchaseOrderIssued,
  samplePurchaseOrderReceived,
  sampleShipmentConfirmed,
  sampleTrackingScanned,
} from '@forewarn/contracts/fixtures';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/scenarios/builders.js';
import { processedAtLeast, produce, startDetector, testClock } from '../testing/harness.js';
import {
  CONSOLE_ARTIFACTS as ARTIFACTS,
  openConsoleBrowser,
  signInAs,
  spawnService,
} from '../testing/console.js';

const keys = {
  csr: 'console-csr-key-0123456789',
  lead: 'console-lead-key-0123456789',
  ops: 'console-ops-key-01234567890',
};
const API_KEYS = JSON.stringify([
  { key: keys.csr, role: 'csr', name: 'csr-bob' },
  { key: keys.lead, role: 'team_lead', name: 'lead-ann' },
  { key: keys.ops, role: 'ops_manager', name: 'ops-kim' },
]);

describe('CSR console in a real browser (real Kafka, PostgreSQL, chromium)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  let opened: Awaited<ReturnType<typeof openConsoleBrowser>> | undefined;
  let browser: BrowserContext;
  let ingestion: ChildProcess | undefined;
  let shipment: ChildProcess | undefined;
  let order: ChildProcess | undefined;
  let ingestionUrl: string;
  let shipmentUrl: string;
  let orderUrl: string;
  const clock = testClock('2025-03-06T14:00:00Z');
  const [a, bee, c] = ['console-a', 'console-b', 'console-c'].map(b.story);

  const api = async (path: string, key: string) => {
    const res = await fetch(`${svc.url}${path}`, { headers: { 'x-api-key': key } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const signIn = (key: string, query = '', lands = 'Case queue'): Promise<Page> =>
    signInAs(browser, svc.url, key, lands, query);

  const queueRows = (page: Page) => page.locator('#queue-rows tr');

  beforeAll(async () => {
    env = await createTestEnv('detector-console');
    const run = (service: string, extra: Record<string, string>) =>
      spawnService(env, service, { API_KEYS, ...extra });
    ({ url: ingestionUrl, child: ingestion } = await run('ingestion', {
      FEED_DLQ_GROUPS: 'exception-detector',
    }));
    ({ url: shipmentUrl, child: shipment } = await run('shipment', {}));
    ({ url: orderUrl, child: order } = await run('order', {}));
    svc = await startDetector(env, clock.now, {
      API_KEYS,
      CONSOLE_UPSTREAMS: JSON.stringify({
        ingestion: ingestionUrl,
        shipment: shipmentUrl,
        order: orderUrl,
      }),
    });
    producer = env.kafka.producer();
    await producer.connect();
    const tier = { customerTier: 'retail' as const };
    await produce(producer, env.prefix, [
      b.orderStatus(a!, '2025-03-05T20:00:00Z', { status: 'shipped', ...tier }),
      b.shipmentStatus(a!, '2025-03-05T20:00:00Z', tier),
      b.exceptionScanned(a!, '2025-03-06T13:00:00Z', {
        exceptionReason: 'address_problem',
        ...tier,
      }),
      ...[a!, bee!, c!].map((s) =>
        b.invoicePosted(s, '2025-03-06T13:30:00Z', {
          ...tier,
          discrepancies: [{ kind: 'total_mismatch' }],
        }),
      ),
    ]);
    await processedAtLeast(svc, 6);
    opened = await openConsoleBrowser('console', 1000);
    browser = opened.browser;
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
    await producer?.disconnect();
    ingestion?.kill('SIGTERM');
    shipment?.kill('SIGTERM');
    order?.kill('SIGTERM');
    await svc?.stop();
    await env?.cleanup();
  });

  it('serves the page without a key, and tells the page whose key it holds only with one', async () => {
    const bare = await fetch(`${svc.url}/console`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/console/']);
    const page = await fetch(`${svc.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<title>Forewarn · CSR console</title>');
    expect((await api('/console/session', 'not-a-key')).status).toBe(401);
    expect((await api('/console/session', keys.csr)).body).toMatchObject({
      name: 'csr-bob',
      role: 'csr',
    });
    // The forwarder reaches only the configured services' /v1 APIs.
    for (const [path, code] of [
      ['/v1/console/upstream/ingestion/metrics', 'UPSTREAM_PATH'],
      ['/v1/console/upstream/ingestion/v1/../metrics', 'UPSTREAM_PATH'],
      ['/v1/console/upstream/elsewhere/v1/feeds', 'UPSTREAM_UNKNOWN'],
    ] as const)
      expect((await api(path, keys.csr)).body.code).toBe(code);
    expect((await api('/v1/console/upstream/ingestion/v1/feeds', 'not-a-key')).status).toBe(401);
  });

  it('lets a CSR filter the queue, open a case, claim it, comment and resolve it', async () => {
    const page = await signIn(keys.csr, '?pageSize=2');
    await expect.poll(() => page.locator('#kpis').isVisible()).toBe(true);
    expect(await page.locator('#kpis').textContent()).toContain('SLA attainment');

    // Billing holds three invoice cases: two per page here, the third behind "Load more".
    await page.getByLabel('Queue', { exact: true }).fill('billing');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => queueRows(page).count()).toBe(2);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => queueRows(page).count()).toBe(3);
    expect(await page.getByRole('button', { name: 'Load more' }).isVisible()).toBe(false);

    await page.getByLabel('SLA state').selectOption({ label: 'Breached' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect
      .poll(() => page.getByText('No case matches these filters.').isVisible())
      .toBe(true);
    await page.getByLabel('SLA state').selectOption({ label: 'Due (on track)' });
    await page.getByLabel('Queue', { exact: true }).fill('transportation');
    await page.getByLabel('Type', { exact: true }).selectOption('carrier_exception');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => queueRows(page).count()).toBe(1);
    const row = queueRows(page).first();
    expect(await row.locator('.badge').getAttribute('data-sla')).toMatch(
      /^(on_track|at_risk|breached)$/,
    );
    const caseId = await row.getAttribute('data-case-id');
    await row.getByRole('link').click();

    await page.getByRole('heading', { name: 'Why it opened' }).waitFor();
    const why = page.getByRole('region', { name: 'Why it opened' });
    expect(await why.textContent()).toMatch(/address problem/i);
    expect(await page.getByRole('region', { name: 'What to say' }).textContent()).toContain(
      'Hello',
    );

    await page.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('Claim: done');
    expect(await page.locator('.facts').textContent()).toContain('csr-bob');

    // A refusal is shown as the API worded it: here zod's issue about the empty description.
    await page.locator('#remedy-description').fill('');
    await page.locator('#remedy-reason').fill('try');
    await page.getByRole('button', { name: 'Change remedy' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.textContent()).toContain('400 Invalid data');
    expect(await alert.locator('.issues').textContent()).toMatch(/description/);

    await page
      .getByRole('textbox', { name: 'Comment' })
      .fill('Called the customer about the address.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('Comment: done');
    expect(await alert.isVisible()).toBe(false);
    expect(await page.getByRole('region', { name: 'Timeline' }).textContent()).toContain(
      'Called the customer about the address.',
    );

    await page.locator('#resolve-reason').fill('Address corrected with the carrier');
    await page.getByRole('button', { name: 'Resolve case' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('Resolve: done');
    expect(await page.locator('.case-head').textContent()).toContain('Resolved');
    expect(await page.getByRole('button', { name: 'Resolve case' }).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'case.png'), fullPage: true });

    const detail = await api(`/v1/cases/${caseId}`, keys.csr);
    expect((detail.body.summary as { status: string }).status).toBe('resolved');
    const audit = detail.body.audit as { actor: string; action: string }[];
    expect(audit.map((x) => `${x.actor}:${x.action}`)).toEqual([
      'detector:opened',
      'csr-bob:claimed',
      'csr-bob:commented',
      'csr-bob:resolved',
    ]);
    const auditTable = await page.getByRole('region', { name: 'Audit trail' }).textContent();
    expect(auditTable).toContain('Commented');
    expect(auditTable).toContain('Resolved');
    // Who did what, in words; the raw detail stays behind a toggle until asked for.
    const timeline = await page.getByRole('region', { name: 'Timeline' }).textContent();
    expect(timeline).toContain('csr-bob (CSR) took the case');
    expect(timeline).toContain(
      'csr-bob (CSR) resolved the case — “Address corrected with the carrier”',
    );
    const raw = page.locator('.audit details.raw').last();
    expect(await raw.locator('pre').isVisible()).toBe(false);
    await raw.locator('summary').click();
    expect(await raw.locator('pre').textContent()).toContain(
      '"reason": "Address corrected with the carrier"',
    );

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await page.close();
  }, 60_000);

  it('offers reopen and executive review only to roles allowed them', async () => {
    // An invoice case the CSR resolved through the API.
    const billing = (await api('/v1/cases?queue=billing', keys.csr)).body.items as {
      caseId: string;
    }[];
    const id = billing[0]!.caseId;
    const resolved = await fetch(`${svc.url}/v1/cases/${id}/resolve`, {
      method: 'POST',
      headers: { 'x-api-key': keys.csr, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'corrected invoice sent' }),
    });
    expect(resolved.status).toBe(200);

    const csr = await signIn(keys.csr);
    await csr.goto(`${svc.url}/console/#/cases/${id}`);
    await csr.getByRole('heading', { name: 'Actions' }).waitFor();
    expect(await csr.getByRole('button', { name: 'Reopen case' }).count()).toBe(0);
    // On an open case a CSR may not send it to executive review, nor grant more than $500.
    await csr.goto(`${svc.url}/console/#/cases/${billing[1]!.caseId}`);
    // The previous case's page already has an Actions heading (a hash change, not a load): wait
    // for this case's escalate form, which the resolved case did not have.
    await csr.locator('#escalate-to').waitFor();
    expect(await csr.locator('#escalate-to option').allTextContents()).toEqual(['L2', 'L3']);
    await csr.getByLabel('Kind').selectOption('percent_credit');
    await csr.getByLabel('Credit %').fill('25');
    await csr.getByLabel('Amount (USD)').fill('600');
    await csr.getByLabel('Description').fill('25 % goodwill credit');
    await csr.locator('#remedy-reason').fill('customer upset');
    await csr.getByRole('button', { name: 'Change remedy' }).click();
    const refusal = csr.getByRole('alert');
    await expect.poll(() => refusal.isVisible()).toBe(true);
    expect(await refusal.textContent()).toContain('403 Forbidden');
    expect(await refusal.textContent()).toContain('CREDIT_OVER_ROLE_LIMIT');
    expect(await refusal.textContent()).not.toMatch(/\bnull\b/);
    await csr.close();

    const lead = await signIn(keys.lead, '', 'Dashboard');
    await lead.goto(`${svc.url}/console/#/cases/${id}`);
    await lead.getByRole('heading', { name: 'Actions' }).waitFor();
    await lead.locator('#reopen-reason').fill('Customer called back');
    await lead.getByRole('button', { name: 'Reopen case' }).click();
    await expect.poll(() => lead.locator('#status').textContent()).toContain('Reopen: done');
    // Open again: a team lead may escalate, but not to executive review.
    const levels = await lead.locator('#escalate-to option').allTextContents();
    expect(levels).toEqual(['L2', 'L3']);
    await lead.close();

    const audit = (await api(`/v1/cases/${id}`, keys.lead)).body.audit as {
      actor: string;
      action: string;
    }[];
    expect(audit.at(-1)).toMatchObject({ actor: 'lead-ann', action: 'reopened' });
  }, 60_000);
  it('shows a delay case that took over the request the customer made first, linked to the merged request case', async () => {
    const d = b.story('console-d');
    const tier = { customerTier: 'retail' as const };
    await produce(producer, env.prefix, [
      b.orderStatus(d, '2025-03-05T20:00:00Z', { status: 'shipped', ...tier }),
      b.shipmentStatus(d, '2025-03-05T20:00:00Z', tier),
    ]);
    await processedAtLeast(svc, 8);
    const asked = await fetch(`${svc.url}/v1/requests`, {
      method: 'POST',
      headers: { 'x-api-key': keys.csr, 'content-type': 'application/json' },
      body: JSON.stringify({
        requestId: 'rq-console-d',
        requestType: 'track_parcel',
        customerId: d.customerId,
        trackingNumber: d.trackingNumber,
      }),
    });
    const own = (await asked.json()) as { caseId: string; origin: string };
    expect(own.origin).toBe('customer');
    await produce(producer, env.prefix, [
      b.etaChanged(d, '2025-03-06T13:45:00Z', { ...tier, eta: '2025-03-20T17:00:00Z' }),
    ]);
    await processedAtLeast(svc, 9);
    const items = (await api('/v1/cases?status=all', keys.csr)).body.items as {
      caseId: string;
      caseType: string;
      subject: { id: string };
      requests: number;
    }[];
    const delay = items.find(
      (x) => x.caseType === 'carrier_delay' && x.subject.id === d.shipmentId,
    );
    expect(delay?.requests).toBe(1);

    const page = await signIn(keys.csr);
    await page.goto(`${svc.url}/console/#/cases/${delay!.caseId}`);
    await page.getByRole('heading', { name: 'Actions' }).waitFor();
    const requests = page.getByRole('list', { name: 'Customer requests' });
    expect(await requests.textContent()).toContain('Track parcel');
    expect(await requests.textContent()).toContain('asked before we told them');
    await page.getByRole('link', { name: own.caseId.slice(0, 8) }).click();
    await expect
      .poll(() => page.locator('.resolution').textContent())
      .toContain(`merged into case ${delay!.caseId}`);
    // The customer's case reads as their request, not as a detection.
    expect(await page.getByRole('region', { name: 'Timeline' }).textContent()).toContain(
      'The customer asked us to track parcel',
    );
    await page.close();
  });

  it('shows a team lead the dashboard with the figures of the API, charts drawn by Chart.js, and links to the cases behind them', async () => {
    const page = await signIn(keys.lead, '', 'Dashboard');
    await expect
      .poll(() => page.locator('#dashboard-view').getAttribute('data-ready'))
      .toBe('charts');
    const fromApi = (await api('/v1/dashboard/cases?days=30', keys.lead)).body as {
      kpis: { opened: number; open: number; resolved: number; slaAttainment: number | null };
      series: { day: string; opened: number }[];
    };
    const tile = (name: string) => page.locator(`.tile[data-kpi="${name}"] dd`).textContent();
    expect(await tile('Cases opened')).toBe(String(fromApi.kpis.opened));
    expect(await tile('Open now')).toBe(String(fromApi.kpis.open));
    expect(await tile('Resolved')).toBe(String(fromApi.kpis.resolved));
    expect(await tile('SLA attainment')).toBe(
      fromApi.kpis.slaAttainment === null
        ? 'n/a'
        : `${(fromApi.kpis.slaAttainment * 100).toFixed(1)} %`,
    );
    // The test's cases all opened on the clock's day: the series holds them on that day.
    expect(fromApi.kpis.opened).toBeGreaterThanOrEqual(4);
    expect(fromApi.series).toHaveLength(30);
    expect(fromApi.series.at(-1)).toMatchObject({ day: '2025-03-06', opened: fromApi.kpis.opened });
    // Chart.js drew on both canvases (a canvas it drew on has a chart bound to it).
    expect(
      await page.evaluate(
        "['chart-cases', 'chart-types'].map((id) => Boolean(window.Chart.getChart(id)))",
      ),
    ).toEqual([true, true]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    // The 7-day window and the enterprise tier: no enterprise case here, so zero.
    await page.getByLabel('Window', { exact: true }).selectOption('7');
    await page.getByLabel('Customer tier').selectOption('enterprise');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => tile('Cases opened')).toBe('0');
    expect(page.url()).toContain('days=7');
    expect((await api('/v1/dashboard/cases?days=7&tier=enterprise', keys.lead)).body).toMatchObject(
      { kpis: { opened: 0 }, filter: { tier: 'enterprise' } },
    );

    // Back to retail: the open-cases tile leads to the queue of those cases.
    await page.getByLabel('Customer tier').selectOption('retail');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => tile('Cases opened')).not.toBe('0');
    const open = Number(await tile('Open now'));
    await page.locator('.tile[data-kpi="Open now"] a').click();
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();
    await expect.poll(() => queueRows(page).count()).toBe(open);
    expect(await page.getByLabel('Tier', { exact: true }).inputValue()).toBe('retail');
    await page.close();
  }, 60_000);

  it('keeps the dashboard from a CSR, who lands on the queue and works it from the keyboard', async () => {
    const page = await signIn(keys.csr);
    expect(await page.getByRole('link', { name: 'Dashboard' }).isVisible()).toBe(false);
    expect((await api('/v1/dashboard/cases', keys.csr)).status).toBe(403);
    await page.goto(`${svc.url}/console/#/dashboard`);
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();

    await expect.poll(() => queueRows(page).count()).toBeGreaterThan(1);
    await page.locator('body').press('j');
    await page.locator('body').press('j');
    await page.locator('body').press('k');
    const first = queueRows(page).first();
    expect(await first.getAttribute('class')).toContain('current');
    const id = await first.getAttribute('data-case-id');
    await page.locator('body').press('Enter');
    await page.getByRole('heading', { name: 'Actions' }).waitFor();
    expect(page.url()).toContain(`#/cases/${id}`);
    await page.locator('body').press('Escape');
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();
    await page.close();
  }, 60_000);

  it('shows an operations manager every feed and the dead letters, and replays one through ingestion', async () => {
    await eventually(async () => ((await fetch(`${ingestionUrl}/readyz`)).ok ? true : undefined), {
      timeoutMs: 60_000,
    });
    // A message the detector cannot decode: it dead-letters it, ingestion lists it.
    const topic = eventTypeByName(b.orderStatus(a!, '2025-03-06T13:00:00Z').type)!.topic;
    await producer.send({
      topic: `${env.prefix}${topic}`,
      messages: [{ key: 'console-poison', value: Buffer.from('not an avro event') }],
    });
    const viaApi = async () => {
      const res = await fetch(`${ingestionUrl}/v1/dead-letters`, {
        headers: { 'x-api-key': keys.ops },
      });
      return (
        (await res.json()) as {
          groups: { group: string; entries: { id: string; reason: string; settled: unknown }[] }[];
        }
      ).groups[0]!;
    };
    const dlq = await eventually(
      async () => {
        const g = await viaApi();
        return g.entries.length > 0 ? g : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const entry = dlq.entries[0]!;

    // Ingestion counts the dead letter against a feed once its consumer has read it: wait for that.
    const feeds = await eventually(
      async () => {
        const res = await fetch(`${ingestionUrl}/v1/feeds`, { headers: { 'x-api-key': keys.ops } });
        const body = (await res.json()) as {
          feeds: { source: string; eventsTotal: number; dlqTotal: number; stalled: boolean }[];
        };
        return body.feeds.some((f) => f.dlqTotal > 0) ? body : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const page = await signIn(keys.ops, '', 'Dashboard');
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('heading', { name: 'Integration health' }).waitFor();
    await expect.poll(() => page.locator('#feeds tbody tr').count()).toBe(feeds.feeds.length);
    for (const f of feeds.feeds) {
      const row = page.locator(`#feeds tr[data-source="${f.source}"]`);
      expect(await row.getAttribute('data-stalled')).toBe(String(f.stalled));
      expect(await row.locator('td').nth(5).textContent()).toBe(String(f.eventsTotal));
      expect(await row.locator('td').nth(7).textContent()).toBe(String(f.dlqTotal));
    }
    const item = page.locator(`.dead-letter[data-id="${entry.id}"]`);
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toContain(`Entry ${entry.id}`);
    await item.getByText(/Original payload/).click();
    expect(await item.locator('pre').textContent()).toContain('not an avro event');
    await page.screenshot({ path: join(ARTIFACTS, 'integrations.png'), fullPage: true });

    await item.getByRole('button', { name: 'Replay' }).click();
    // Re-reading the dead-letter topic and writing the copy and its marker takes seconds.
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 30_000 })
      .toContain(`Dead letter ${entry.id} of exception-detector: replayed`);
    expect(
      await page.locator(`.dead-letter[data-id="${entry.id}"] .settled`).textContent(),
    ).toContain('by ops-kim (ops_manager)');
    expect((await viaApi()).entries.find((e) => e.id === entry.id)?.settled).toMatchObject({
      by: 'ops-kim (ops_manager)',
    });
    await page.close();

    // A team lead sees the page but is offered neither replay nor discard.
    const lead = await signIn(keys.lead, '', 'Dashboard');
    await lead.goto(`${svc.url}/console/#/integrations`);
    await lead.getByRole('heading', { name: 'Integration health' }).waitFor();
    await lead.locator('.dead-letter').first().waitFor({ timeout: 30_000 });
    expect(await lead.getByRole('button', { name: 'Replay' }).count()).toBe(0);
    await lead.close();
  }, 120_000);

  it('shows a manager the carrier and supplier scorecards the shipment and order services compute, charted', async () => {
    await eventually(async () => ((await fetch(`${shipmentUrl}/readyz`)).ok ? true : undefined), {
      timeoutMs: 60_000,
    });
    await eventually(async () => ((await fetch(`${orderUrl}/readyz`)).ok ? true : undefined), {
      timeoutMs: 60_000,
    });
    // Two parcels handed to one carrier on the shipment service's (wall) clock: one picked up
    // at once, one first scanned two days later, damaged.
    const hour = 3_600_000;
    const t = (h: number) => new Date(Date.now() - 72 * hour + h * hour).toISOString();
    const events = ['SC-1', 'SC-2'].flatMap((k, i) => [
      sampleShipmentConfirmed({
        eventId: `ship-${k}`,
        occurredAt: t(0),
        payload: {
          shipmentId: `SH-${k}`,
          orderId: `SO-${k}`,
          carrier: 'scoreco',
          trackingNumbers: [`TR-${k}`],
          shippedAt: t(0),
        },
      }),
      sampleTrackingScanned({
        eventId: `scan-${k}`,
        occurredAt: t(i === 0 ? 2 : 48),
        payload: {
          trackingNumber: `TR-${k}`,
          carrier: 'scoreco',
          status: i === 0 ? 'picked_up' : 'exception',
          ...(i === 0 ? {} : { exceptionReason: 'damaged' as const }),
          scannedAt: t(i === 0 ? 2 : 48),
        },
      }),
    ]);
    // Two purchase orders to one supplier on the order service's (wall) clock: one received in
    // full two days early, acknowledged in 3 h; one received a day late with 5 of 20 rejected,
    // never acknowledged.
    const day = 24 * hour;
    const at = (ms: number) => new Date(ms).toISOString();
    const ymd = (ms: number) => at(ms).slice(0, 10);
    const issuedAt = Date.now() - 5 * day;
    const purchasing = ['PO-SC-1', 'PO-SC-2'].flatMap((po, i) => {
      const ids = { poNumber: po, supplierId: 'SUP-SCORE' };
      const receivedAt = issuedAt + (i === 0 ? 1 : 4) * day;
      return [
        samplePurchaseOrderIssued({
          eventId: `po-${po}`,
          occurredAt: at(issuedAt),
          payload: {
            ...ids,
            supplierName: 'Scoreco Supplies',
            issuedAt: at(issuedAt),
            lines: [{ lineNo: 1, sku: 'SKU-SC', qty: 20 }],
            expectedReceiptDate: ymd(issuedAt + 3 * day),
            promisedLeadTimeDays: 3,
          },
        }),
        ...(i === 0
          ? [
              samplePurchaseOrderAcknowledged({
                eventId: `ack-${po}`,
                occurredAt: at(issuedAt + 3 * hour),
                payload: { ...ids, acknowledgedAt: at(issuedAt + 3 * hour) },
              }),
            ]
          : []),
        samplePurchaseOrderReceived({
          eventId: `gr-${po}`,
          occurredAt: at(receivedAt),
          payload: {
            ...ids,
            receiptId: `GR-${po}`,
            receivedAt: at(receivedAt),
            lines: [
              {
                lineNo: 1,
                sku: 'SKU-SC',
                qtyReceived: 20,
                qtyRejected: i === 0 ? 0 : 5,
                ...(i === 0 ? {} : { defectReason: 'out_of_spec' as const }),
              },
            ],
          },
        }),
      ];
    });
    for (const e of [...events, ...purchasing])
      await producer.send({
        topic: `${env.prefix}${eventTypeByName(e.type)!.topic}`,
        messages: [{ key: keyFor(e), value: encodeEvent(e) }],
      });
    type Card = { carrier: string; shipments: number; onTimePickup: number; damageRate: number };
    const card = await eventually(
      async () => {
        const res = await fetch(`${shipmentUrl}/v1/carriers/scorecards?days=7`, {
          headers: { 'x-api-key': keys.lead },
        });
        const c = ((await res.json()) as { carriers: Card[] }).carriers.find(
          (x) => x.carrier === 'scoreco',
        );
        // Both scans applied: the two parcels' events reach the service in no set order.
        return c && c.shipments === 2 && c.damageRate > 0 && c.onTimePickup > 0 ? c : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(card).toMatchObject({ onTimePickup: 0.5, damageRate: 0.5 });
    type SupplierCard = {
      supplierId: string;
      purchaseOrders: number;
      onTimeInFull: number | null;
      defectRate: number | null;
      medianAckHours: number | null;
      open: number;
    };
    const supplier = await eventually(
      async () => {
        const res = await fetch(`${orderUrl}/v1/suppliers/scorecards?days=7`, {
          headers: { 'x-api-key': keys.lead },
        });
        const s = ((await res.json()) as { suppliers: SupplierCard[] }).suppliers.find(
          (x) => x.supplierId === 'SUP-SCORE',
        );
        return s && s.purchaseOrders === 2 && s.open === 1 && s.medianAckHours !== null
          ? s
          : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(supplier).toMatchObject({ onTimeInFull: 0.5, defectRate: 0.125, medianAckHours: 3 });

    const page = await signIn(keys.lead, '', 'Dashboard');
    await page.getByRole('link', { name: 'Scorecards' }).click();
    await page.getByRole('heading', { name: 'Scorecards', exact: true }).waitFor();
    await page.getByLabel('Scorecard window').selectOption('7');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(() => page.locator('#scorecards-view').getAttribute('data-ready'))
      .toBe('charts');
    const row = page.locator('#scorecards tr[data-carrier="scoreco"]');
    const cell = (col: string) => row.locator(`td[data-col="${col}"]`).textContent();
    await expect.poll(() => cell('Shipments')).toBe('2');
    expect(await cell('On-time pickup')).toBe('50.0 %');
    expect(await cell('Damage rate')).toBe('50.0 %');
    expect(await page.evaluate("Boolean(window.Chart.getChart('chart-carriers'))")).toBe(true);
    // The supplier's row shows the order service's figures, and its OTIF trend is charted.
    const sRow = page.locator('#supplier-scorecards tr[data-supplier="SUP-SCORE"]');
    const sCell = (col: string) => sRow.locator(`td[data-col="${col}"]`).textContent();
    await expect.poll(() => sCell('Purchase orders')).toBe(String(supplier.purchaseOrders));
    expect(await sRow.locator('th').textContent()).toBe('Scoreco Supplies');
    expect(await sCell('On-time in full')).toBe('50.0 %');
    expect(await sCell('Defect rate')).toBe('12.5 %');
    expect(await sCell('Median acknowledgement')).toBe('3.0 h');
    expect(await sCell('Open')).toBe('1');
    expect(await page.evaluate("Boolean(window.Chart.getChart('chart-suppliers'))")).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'scorecards.png'), fullPage: true });
    await page.close();
  }, 120_000);
});
