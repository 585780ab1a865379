import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RunningService } from '@forewarn/runtime';
import { encodeEvent, eventTypeByName, keyFor } from '@forewarn/contracts';
import {
  samplePurchaseOrderAcknowledged,
  samplePurchaseOrderIssued,
  samplePurchaseOrderReceived,
} from '@forewarn/contracts/fixtures';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDetector, testClock } from '../testing/harness.js';
import {
  CONSOLE_ARTIFACTS as ARTIFACTS,
  openConsoleBrowser,
  signInAs,
  spawnService,
} from '../testing/console.js';

const keys = {
  csr: 'supplier-csr-key-0123456789',
  lead: 'supplier-lead-key-012345678',
};
const API_KEYS = JSON.stringify([
  { key: keys.csr, role: 'csr', name: 'csr-bob' },
  { key: keys.lead, role: 'team_lead', name: 'lead-ann' },
]);

interface Scorecard {
  supplierId: string;
  supplierName: string;
  purchaseOrders: number;
  onTimeInFull: number | null;
  open: number;
  medianAckHours: number | null;
  trend: { week: string; purchaseOrders: number; onTimeInFull: number | null }[];
}
interface SupplierDoc {
  window: { days: number };
  scorecard: Scorecard | null;
  purchaseOrders: {
    poNumber: string;
    onTimeInFull: boolean | null;
    ackHours: number | null;
    orderedUnits: number;
    receivedUnits: number;
    rejectedUnits: number;
  }[];
}

describe('one supplier’s page in the console: its figures, weekly trend and purchase orders, as the order service states them (chromium)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  let order: ChildProcess | undefined;
  let orderUrl: string;
  let browser: Awaited<ReturnType<typeof openConsoleBrowser>> | undefined;

  const fromOrder = async (path: string, key = keys.lead) => {
    const res = await fetch(`${orderUrl}${path}`, { headers: { 'x-api-key': key } });
    return { status: res.status, body: (await res.json()) as SupplierDoc & { code?: string } };
  };

  beforeAll(async () => {
    env = await createTestEnv('detector-supplier-page');
    ({ url: orderUrl, child: order } = await spawnService(env, 'order', { API_KEYS }));
    svc = await startDetector(env, testClock('2025-03-06T14:00:00Z').now, {
      API_KEYS,
      CONSOLE_UPSTREAMS: JSON.stringify({ order: orderUrl }),
    });
    await eventually(async () => ((await fetch(`${orderUrl}/readyz`)).ok ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the order service ready',
    });
    // Three purchase orders to one supplier on the order service's (wall) clock, over two weeks:
    // one received in full on time and acknowledged in 2 h, one received late with 4 of 10
    // rejected (short of full: still open), one not received and never acknowledged.
    const hour = 3_600_000;
    const day = 24 * hour;
    const at = (ms: number) => new Date(ms).toISOString();
    const ymd = (ms: number) => at(ms).slice(0, 10);
    const plans = [
      { po: 'PO-SP-1', issued: 12, received: 10, rejected: 0, ack: 2 },
      { po: 'PO-SP-2', issued: 6, received: 1, rejected: 4, ack: undefined },
      { po: 'PO-SP-3', issued: 2, received: undefined, rejected: 0, ack: undefined },
    ];
    const events = plans.flatMap((p) => {
      const ids = { poNumber: p.po, supplierId: 'SUP-PAGE' };
      const issuedAt = Date.now() - p.issued * day;
      return [
        samplePurchaseOrderIssued({
          eventId: `po-${p.po}`,
          occurredAt: at(issuedAt),
          payload: {
            ...ids,
            supplierName: 'Pageworks Ltd',
            issuedAt: at(issuedAt),
            lines: [{ lineNo: 1, sku: 'SKU-SP', qty: 10 }],
            expectedReceiptDate: ymd(issuedAt + 3 * day),
            promisedLeadTimeDays: 3,
          },
        }),
        ...(p.ack
          ? [
              samplePurchaseOrderAcknowledged({
                eventId: `ack-${p.po}`,
                occurredAt: at(issuedAt + p.ack * hour),
                payload: { ...ids, acknowledgedAt: at(issuedAt + p.ack * hour) },
              }),
            ]
          : []),
        ...(p.received !== undefined
          ? [
              samplePurchaseOrderReceived({
                eventId: `gr-${p.po}`,
                occurredAt: at(Date.now() - p.received * day),
                payload: {
                  ...ids,
                  receiptId: `GR-${p.po}`,
                  receivedAt: at(Date.now() - p.received * day),
                  lines: [
                    {
                      lineNo: 1,
                      sku: 'SKU-SP',
                      qtyReceived: 10,
                      qtyRejected: p.rejected,
                      ...(p.rejected ? { defectReason: 'out_of_spec' as const } : {}),
                    },
                  ],
                },
              }),
            ]
          : []),
      ];
    });
    producer = env.kafka.producer();
    await producer.connect();
    for (const e of events)
      await producer.send({
        topic: `${env.prefix}${eventTypeByName(e.type)!.topic}`,
        messages: [{ key: keyFor(e), value: encodeEvent(e) }],
      });
    browser = await openConsoleBrowser('supplier-page');
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await producer?.disconnect();
    order?.kill('SIGTERM');
    await svc?.stop();
    await env?.cleanup();
  });

  it('opens from the scorecard list and shows the API’s figures, trend and purchase orders', async () => {
    const doc = await eventually(
      async () => {
        const { body } = await fromOrder('/v1/suppliers/SUP-PAGE/scorecard?days=30');
        return body.scorecard?.purchaseOrders === 3 &&
          body.scorecard.medianAckHours !== null &&
          body.purchaseOrders.some((p) => p.rejectedUnits === 4)
          ? body
          : undefined;
      },
      { timeoutMs: 60_000, what: 'the three purchase orders on the order service' },
    );
    const card = doc.scorecard!;
    expect(card).toMatchObject({ supplierName: 'Pageworks Ltd', open: 2, medianAckHours: 2 });
    expect(card.trend.length).toBeGreaterThan(0);

    const page = await signInAs(browser!.browser, svc.url, keys.lead, 'Dashboard');
    await page.getByRole('link', { name: 'Scorecards' }).click();
    await page.getByRole('heading', { name: 'Scorecards', exact: true }).waitFor();
    await page
      .locator('#supplier-scorecards tr[data-supplier="SUP-PAGE"]')
      .getByRole('link', { name: 'Pageworks Ltd' })
      .click();
    await page.getByRole('heading', { name: 'Pageworks Ltd', exact: true }).waitFor();
    expect(page.url()).toContain('#/suppliers/SUP-PAGE?days=30');
    await expect
      .poll(() => page.locator('#supplier-view').getAttribute('data-ready'))
      .toBe('chart');

    const figure = (name: string) =>
      page.locator(`#supplier-figures [data-figure="${name}"] dd`).textContent();
    const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(1)} %`);
    expect(await figure('Purchase orders')).toBe(String(card.purchaseOrders));
    expect(await figure('On-time in full')).toBe(pct(card.onTimeInFull));
    expect(await figure('Open')).toBe(String(card.open));
    expect(await figure('Median acknowledgement')).toBe(`${card.medianAckHours!.toFixed(1)} h`);
    for (const name of ['Defect rate', 'Lead-time adherence', 'Acknowledged within 24 h'])
      expect(await figure(name)).toMatch(/^(\d+\.\d %|n\/a)$/);

    // The chart is Chart.js's, over the API's weeks and counts.
    const drawn = (await page.evaluate(
      "(() => { const c = window.Chart.getChart('chart-supplier'); return { labels: c.data.labels, orders: c.data.datasets[1].data }; })()",
    )) as { labels: string[]; orders: number[] };
    expect(drawn).toEqual({
      labels: card.trend.map((t) => t.week),
      orders: card.trend.map((t) => t.purchaseOrders),
    });

    // Each purchase order, newest first, as judged.
    const rows = page.locator('#supplier-orders tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-po')))).toEqual(
      doc.purchaseOrders.map((p) => p.poNumber),
    );
    for (const p of doc.purchaseOrders) {
      const cell = (col: string) =>
        page
          .locator(`#supplier-orders tr[data-po="${p.poNumber}"] td[data-col="${col}"]`)
          .textContent();
      expect(await cell('Rejected')).toBe(String(p.rejectedUnits));
      expect(await cell('Received')).toBe(String(p.receivedUnits));
      expect(await cell('On time in full')).toBe(
        p.onTimeInFull === null ? '—' : p.onTimeInFull ? 'Yes' : 'No',
      );
      expect(await cell('Acknowledged after')).toBe(
        p.ackHours === null ? 'not yet' : `${p.ackHours.toFixed(1)} h`,
      );
    }
    await page.screenshot({ path: join(ARTIFACTS, 'supplier-page.png'), fullPage: true });

    // Another window: the page follows the API's 7 days.
    const week = (await fromOrder('/v1/suppliers/SUP-PAGE/scorecard?days=7')).body;
    await page.getByRole('link', { name: 'Last 7 days' }).click();
    await expect
      .poll(() => page.locator('#supplier-orders tbody tr[data-po]').count())
      .toBe(week.purchaseOrders.length);
    expect(await figure('Purchase orders')).toBe(String(week.scorecard!.purchaseOrders));
    await page.close();
  }, 120_000);

  it('answers an unknown supplier with the order service’s 404, and keeps CSRs out', async () => {
    const missing = await fromOrder('/v1/suppliers/SUP-NOBODY/scorecard');
    expect([missing.status, missing.body.code]).toEqual([404, 'SUPPLIER_NOT_FOUND']);
    expect((await fromOrder('/v1/suppliers/SUP-PAGE/scorecard', keys.csr)).status).toBe(403);

    const page = await signInAs(browser!.browser, svc.url, keys.lead, 'Dashboard');
    await page.goto(`${svc.url}/console/#/suppliers/SUP-NOBODY`);
    await page.getByRole('heading', { name: 'Supplier SUP-NOBODY', exact: true }).waitFor();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('SUPPLIER_NOT_FOUND');
    await page.close();

    // A CSR's address for the page lands on the queue: suppliers are for managers.
    const csr = await signInAs(browser!.browser, svc.url, keys.csr, 'Case queue');
    await csr.goto(`${svc.url}/console/#/suppliers/SUP-PAGE`);
    await csr.getByRole('heading', { name: 'Case queue', exact: true }).waitFor();
    expect(await csr.locator('#supplier-view').isHidden()).toBe(true);
    await csr.close();
  }, 120_000);
});
