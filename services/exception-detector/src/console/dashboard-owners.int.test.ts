import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  sampleOrderCreated,
  samplePickCompleted,
  sampleShipmentConfirmed,
  sampleShipmentDelivered,
} from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
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

const LEAD = 'owners-lead-key-0123456789';
const API_KEYS = JSON.stringify([{ key: LEAD, role: 'team_lead', name: 'lead-ann' }]);

const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(1)} %`);
const hours = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 3_600_000).toFixed(1)} h`);

type Ratio = { ratio: number | null };
interface OrderKpis {
  otif: { measured: number; ratio: number | null };
  fillRate: Ratio;
  pickAccuracy: Ratio;
  byDay: { day: string; otif: Ratio; fillRate: Ratio; pickAccuracy: Ratio }[];
}
interface Proactivity {
  kpi: {
    exceptions: number;
    proactive: number;
    proactiveRatio: number | null;
    medianTimeToTellMs: number | null;
    medianLeadTimeMs: number | null;
  };
  byDay: { day: string; proactiveRatio: number; medianTimeToTellMs: number | null }[];
}

describe("the dashboard's OTIF, fill rate and notice tiles, read from the services that own them (chromium)", () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  let opened: Awaited<ReturnType<typeof openConsoleBrowser>> | undefined;
  let browser: BrowserContext;
  const children: ChildProcess[] = [];
  const urls: Record<string, string> = {};
  const clock = testClock('2025-03-06T14:00:00Z');
  const [kept, other] = ['owners-a', 'owners-b'].map(b.story) as [b.StoryIds, b.StoryIds];

  const get = async <T>(url: string): Promise<T> => {
    const res = await fetch(url, { headers: { 'x-api-key': LEAD } });
    expect(res.status, url).toBe(200);
    return (await res.json()) as T;
  };
  /** What the owners answer over the window the detector's dashboard states. */
  const owners = async (
    days: string,
    customerId?: string,
    tier?: string,
    where: Record<string, string> = {},
  ) => {
    const d = await get<{ window: { since: string; until: string } }>(
      `${svc.url}/v1/dashboard/cases?days=${days}`,
    );
    const who =
      `${customerId ? `&customerId=${customerId}` : ''}${tier ? `&tier=${tier}` : ''}` +
      Object.entries(where)
        .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
        .join('');
    const to = new Date(Date.parse(d.window.until) + 1).toISOString();
    return {
      orders: await get<OrderKpis>(
        `${urls.order}/v1/kpis?since=${d.window.since}&until=${d.window.until}${who}`,
      ),
      told: await get<Proactivity>(
        `${urls.notification}/v1/proactivity?from=${d.window.since}&to=${to}${who}`,
      ),
    };
  };
  const tile = (page: Page, name: string) =>
    page.locator(`#dash-owner-tiles .tile[data-kpi="${name}"] dd`).textContent();
  const expectTiles = async (page: Page, o: Awaited<ReturnType<typeof owners>>) => {
    expect(await tile(page, 'OTIF')).toBe(pct(o.orders.otif.ratio));
    expect(await tile(page, 'Fill rate')).toBe(pct(o.orders.fillRate.ratio));
    expect(await tile(page, 'Pick accuracy')).toBe(pct(o.orders.pickAccuracy.ratio));
    expect(await tile(page, 'Proactive ratio')).toBe(pct(o.told.kpi.proactiveRatio));
    expect(await tile(page, 'Median time to customer notice')).toBe(
      hours(o.told.kpi.medianTimeToTellMs),
    );
    expect(await tile(page, 'Median lead time over the customer')).toBe(
      hours(o.told.kpi.medianLeadTimeMs),
    );
  };

  beforeAll(async () => {
    env = await createTestEnv('detector-owner-tiles');
    for (const service of ['order', 'notification']) {
      const { url, child } = await spawnService(env, service, { API_KEYS });
      children.push(child);
      urls[service] = url;
    }
    svc = await startDetector(env, clock.now, {
      API_KEYS,
      CONSOLE_UPSTREAMS: JSON.stringify(urls),
    });
    producer = env.kafka.producer();
    await producer.connect();
    // Two customers' orders, one delivered in full; an invoice discrepancy on each opens a case,
    // which the notification service records as an exception.
    const orderOf = (s: b.StoryIds, promised: string) =>
      sampleOrderCreated({
        refs: { orderId: s.orderId, customerId: s.customerId, poNumber: `PO-${s.orderId}` },
        payload: {
          orderId: s.orderId,
          customerId: s.customerId,
          poNumber: `PO-${s.orderId}`,
          promisedDeliveryDate: promised,
        },
      });
    const shipment = {
      refs: { orderId: kept.orderId },
      payload: { orderId: kept.orderId, shipmentId: kept.shipmentId },
    };
    const tier = { customerTier: 'retail' as const };
    await produce(producer, env.prefix, [
      orderOf(kept, '2025-03-07'),
      orderOf(other, '2025-03-08'),
      samplePickCompleted({ payload: { orderId: kept.orderId } }),
      sampleShipmentConfirmed(shipment),
      sampleShipmentDelivered(shipment),
      // The order service says where each order is fulfilled: kept at the fixtures' WH-ATL
      // (its pick), other at WH-DAL.
      ...[kept, other].map((s) =>
        b.invoicePosted(s, '2025-03-06T13:30:00Z', {
          ...tier,
          ...(s === other ? { siteId: 'WH-DAL' } : {}),
          discrepancies: [{ kind: 'total_mismatch' }],
        }),
      ),
    ]);
    await processedAtLeast(svc, 2);
    // Past the instant the cases opened, so the window holds them on every service.
    clock.set('2025-03-06T15:00:00Z');
    await eventually(
      async () => {
        const o = await owners('30');
        return o.orders.otif.measured >= 1 && o.told.kpi.exceptions >= 2 ? true : undefined;
      },
      { what: 'the order delivered and the exceptions recorded', timeoutMs: 60_000 },
    );
    opened = await openConsoleBrowser('owners');
    browser = opened.browser;
  }, 150_000);

  afterAll(async () => {
    await opened?.close();
    await producer?.disconnect();
    for (const c of children) c.kill('SIGTERM');
    await svc?.stop();
    await env?.cleanup();
  });

  it("shows each tile as its owner's API states it over the dashboard's window, by customer and by tier", async () => {
    const page = await signInAs(browser, svc.url, LEAD, 'Dashboard');
    await expect
      .poll(() => page.locator('#dashboard-view').getAttribute('data-ready'))
      .toBeTruthy();

    const all = await owners('30');
    expect(all.orders.otif.measured).toBe(1);
    await expectTiles(page, all);
    // The owner's per-day series, drawn by Chart.js on the dashboard's days: every exception.
    expect(
      await page.evaluate(
        "window.Chart.getChart('chart-notice').data.datasets.map((s) => s.data.reduce((a, b) => a + b, 0))",
      ),
    ).toEqual([all.told.kpi.exceptions, all.told.kpi.proactive]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-owner-tiles.png'), fullPage: true });

    // One customer: each owner scopes its own figure to that customer.
    await page.getByLabel('Customer', { exact: true }).selectOption(other.customerId);
    await page.getByRole('button', { name: 'Show' }).click();
    const one = await owners('30', other.customerId);
    expect(one.orders.otif.measured).toBe(0);
    expect(one.told.kpi.exceptions).toBeGreaterThan(0);
    expect(one.told.kpi.exceptions).toBeLessThan(all.told.kpi.exceptions);
    await expect.poll(() => tile(page, 'OTIF')).toBe(pct(one.orders.otif.ratio));
    await expectTiles(page, one);

    // One tier: each owner splits by the tier its records carry (the orders here are enterprise,
    // the invoice cases retail), so OTIF has nothing to measure and the proactive ratio has.
    await page.getByLabel('Customer', { exact: true }).selectOption('');
    await page.getByLabel('Customer tier').selectOption('retail');
    await page.getByRole('button', { name: 'Show' }).click();
    const retail = await owners('30', undefined, 'retail');
    expect(retail.orders.otif.measured).toBe(0);
    expect(retail.told.kpi.exceptions).toBe(all.told.kpi.exceptions);
    await expect.poll(() => tile(page, 'OTIF')).toBe(pct(null));
    await expectTiles(page, retail);
    await page.close();
  }, 90_000);
  it("charts each KPI per day over 7 and 90 days, every day as its owner's API states it", async () => {
    const page = await signInAs(browser, svc.url, LEAD, 'Dashboard');
    const chartData = (id: string) =>
      page.evaluate(
        `(() => { const c = window.Chart.getChart('kpi-chart-${id}'); return c ? { labels: c.data.labels, data: c.data.datasets[0].data } : null; })()`,
      ) as Promise<{ labels: string[]; data: (number | null)[] } | null>;
    await expect.poll(async () => (await chartData('otif'))?.labels.length).toBe(30);
    for (const days of ['7', '90']) {
      await page.getByLabel('Window', { exact: true }).selectOption(days);
      await page.getByRole('button', { name: 'Show' }).click();
      await expect.poll(async () => (await chartData('otif'))?.labels.length).toBe(Number(days));
      type Ratios = Record<
        'slaAttainment' | 'resolvedWithin24h' | 'resolvedWithin48h' | 'firstContactResolution',
        number | null
      >;
      const d = await get<{
        series: { day: string }[];
        kpiSeries: ({ day: string } & Ratios)[];
      }>(`${svc.url}/v1/dashboard/cases?days=${days}`);
      const o = await owners(days);
      const labels = d.series.map((x) => x.day);
      const on = <T extends { day: string }>(byDay: T[], f: (x: T) => number | null) =>
        labels.map((day) => {
          const x = byDay.find((y) => y.day === day);
          return x ? f(x) : null;
        });
      const pctOf = (r: number | null) => (r === null ? null : r * 100);
      const expected: Record<string, (number | null)[]> = {
        sla: on(d.kpiSeries, (x) => pctOf(x.slaAttainment)),
        'resolved-24h': on(d.kpiSeries, (x) => pctOf(x.resolvedWithin24h)),
        'resolved-48h': on(d.kpiSeries, (x) => pctOf(x.resolvedWithin48h)),
        fcr: on(d.kpiSeries, (x) => pctOf(x.firstContactResolution)),
        otif: on(o.orders.byDay, (x) => pctOf(x.otif.ratio)),
        'fill-rate': on(o.orders.byDay, (x) => pctOf(x.fillRate.ratio)),
        'pick-accuracy': on(o.orders.byDay, (x) => pctOf(x.pickAccuracy.ratio)),
        proactive: on(o.told.byDay, (x) => x.proactiveRatio * 100),
        'time-to-tell': on(o.told.byDay, (x) =>
          x.medianTimeToTellMs === null ? null : x.medianTimeToTellMs / 3_600_000,
        ),
      };
      // The stack's order and exceptions fall in both windows: the charts are not all gaps.
      expect(expected.otif!.filter((v) => v !== null)).toHaveLength(1);
      expect(expected.proactive!.some((v) => v !== null)).toBe(true);
      expect(expected.sla!.some((v) => v !== null)).toBe(true);
      for (const [id, values] of Object.entries(expected))
        expect(await chartData(id), id).toEqual({ labels, data: values });
    }
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-kpi-charts.png'), fullPage: true });

    // One tier: the owners' charts follow it (no retail order, retail exceptions only).
    await page.getByLabel('Customer tier').selectOption('retail');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(async () => (await chartData('otif'))?.data.every((v) => v === null))
      .toBe(true);
    expect((await chartData('proactive'))?.data.some((v) => v !== null)).toBe(true);
    expect((await chartData('sla'))?.labels).toHaveLength(90);
    await page.close();
  }, 90_000);

  it('splits every figure by site, as each owner states it, and links a figure to the cases it counts', async () => {
    const page = await signInAs(browser, svc.url, LEAD, 'Dashboard');
    await expect
      .poll(() => page.locator('#dashboard-view').getAttribute('data-ready'))
      .toBeTruthy();
    const site = page.getByLabel('Site', { exact: true });
    await expect
      .poll(() => site.locator('option').allTextContents())
      .toEqual(['Any', 'WH-ATL', 'WH-DAL']);
    const caseTile = (name: string) =>
      page.locator(`#dash-tiles .tile[data-kpi="${name}"] dd`).textContent();
    const cases = (query: string) =>
      get<{ kpis: { opened: number } }>(`${svc.url}/v1/dashboard/cases?days=30&${query}`);

    // WH-DAL: the other customer's order is its only one, so its site's figures are that
    // customer's, on every service; the order service placed no order there (no WMS event).
    await site.selectOption('WH-DAL');
    await page.getByRole('button', { name: 'Show' }).click();
    const dal = await owners('30', undefined, undefined, { site: 'WH-DAL' });
    const theirs = await owners('30', other.customerId);
    const dalCases = (await cases('site=WH-DAL')).kpis.opened;
    expect(dalCases).toBe((await cases(`customer=${other.customerId}`)).kpis.opened);
    expect(dalCases).toBeGreaterThan(0);
    expect(dalCases).toBeLessThan((await cases('')).kpis.opened);
    expect(dal.told.kpi.exceptions).toBe(theirs.told.kpi.exceptions);
    expect(dal.told.kpi.exceptions).toBeGreaterThan(0);
    expect(dal.orders.otif.measured).toBe(0);
    await expect.poll(() => caseTile('Cases opened')).toBe(String(dalCases));
    await expectTiles(page, dal);

    // WH-ATL: the delivered order and its customer's case.
    await site.selectOption('WH-ATL');
    await page.getByRole('button', { name: 'Show' }).click();
    const atl = await owners('30', undefined, undefined, { site: 'WH-ATL' });
    const atlCases = (await cases('site=WH-ATL')).kpis.opened;
    expect(atl.orders.otif.measured).toBe(1);
    expect(atlCases).toBeGreaterThan(0);
    await expect.poll(() => tile(page, 'OTIF')).toBe(pct(atl.orders.otif.ratio));
    await expect.poll(() => caseTile('Cases opened')).toBe(String(atlCases));
    await expectTiles(page, atl);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-by-site.png'), fullPage: true });

    // The figure's link opens the queue on the same site: exactly the cases it counts.
    await page.locator('#dash-tiles .tile[data-kpi="Cases opened"] a').click();
    await expect.poll(() => page.locator('#queue-rows tr').count()).toBe(atlCases);
    expect(page.url()).toContain('site=WH-ATL');
    expect(page.url()).toContain('openedSince=');
    // The queue's form shows the scope it came with, and applying it again keeps the same cases.
    expect(await page.locator('#f-site').inputValue()).toBe('WH-ATL');
    expect(await page.locator('#f-opened-since').inputValue()).not.toBe('');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('#queue-rows tr').count()).toBe(atlCases);
    await page.close();
  }, 90_000);
});
