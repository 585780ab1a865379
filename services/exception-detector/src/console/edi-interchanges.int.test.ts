import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDetector, testClock } from '../testing/harness.js';
import {
  CONSOLE_ARTIFACTS as ARTIFACTS,
  openConsoleBrowser,
  signInAs,
  spawnService,
} from '../testing/console.js';

const keys = {
  ops: 'edi-ops-key-0123456789abcdef',
  lead: 'edi-lead-key-0123456789abcde',
  wms: 'edi-wms-key-0123456789abcdef',
};
const API_KEYS = JSON.stringify([
  { key: keys.ops, role: 'ops_manager', name: 'ops-olga' },
  { key: keys.lead, role: 'team_lead', name: 'lead-lee' },
  { key: keys.wms, role: 'source', sourceSystem: 'wms:manhattan', name: 'atl-wms' },
]);
// Interchanges shaped from the X12 856 standard (packages/edi's corpus): one clean, one with a bad set.
const corpus = fileURLToPath(new URL('../../../../packages/edi/corpus/', import.meta.url));
const FILES = ['856-s-o-p-i-retail-upc.edi', '856-three-sets-one-bad.edi'];

interface Interchange {
  id: string;
  sender: { qualifier: string; id: string } | null;
  controlNumber: string | null;
  refusal: { message: string } | null;
  status: string;
  acknowledgementType: string;
  transactionSets: { setId: string; controlNumber: string; status: string }[];
}

describe('EDI interchanges on the integration page (chromium)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let ingestion: ChildProcess | undefined;
  let ingestionUrl: string;
  let browser: BrowserContext;
  let closeBrowser: (() => Promise<void>) | undefined;
  const clock = testClock('2025-03-06T14:00:00Z');

  const api = async <T>(path: string, key = keys.ops) => {
    const res = await fetch(`${ingestionUrl}${path}`, { headers: { 'x-api-key': key } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    env = await createTestEnv('detector-console-edi');
    ({ url: ingestionUrl, child: ingestion } = await spawnService(env, 'ingestion', {
      API_KEYS,
    }));
    svc = await startDetector(env, clock.now, {
      API_KEYS,
      CONSOLE_UPSTREAMS: JSON.stringify({ ingestion: ingestionUrl }),
    });
    await eventually(async () => ((await fetch(`${ingestionUrl}/readyz`)).ok ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the ingestion service ready',
    });
    ({ browser, close: closeBrowser } = await openConsoleBrowser('console-edi'));
  }, 150_000);

  afterAll(async () => {
    await closeBrowser?.();
    ingestion?.kill('SIGTERM');
    await svc?.stop();
    await env?.cleanup();
  });

  it('shows each interchange posted through ingestion with the figures its API gives, and the acknowledgement behind a toggle', async () => {
    for (const name of FILES) {
      const res = await fetch(`${ingestionUrl}/v1/edi`, {
        method: 'POST',
        headers: { 'content-type': 'application/edi-x12', 'x-api-key': keys.wms },
        body: readFileSync(join(corpus, name), 'utf8'),
      });
      expect(res.status).toBe(202);
    }
    // A body that is not X12 at all is refused and still listed, with why.
    const garbled = await fetch(`${ingestionUrl}/v1/edi`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-api-key': keys.wms },
      body: 'ASN 4471 shipped 2026-12-01, 3 cartons',
    });
    expect(garbled.status).toBe(400);
    const { items: all } = await api<{ items: Interchange[] }>('/v1/edi/interchanges?limit=25');
    expect(all.map((i) => i.status)).toEqual(['unreadable', 'partially_accepted', 'accepted']);
    const unreadable = all[0]!;
    const items = all.slice(1);

    const page = await signInAs(browser, svc.url, keys.ops, 'Dashboard');
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('heading', { name: 'Integration health' }).waitFor();
    const allRows = page.locator('#edi-interchanges tbody tr');
    await expect.poll(() => allRows.count()).toBe(all.length);
    const refused = allRows.nth(0);
    expect(await refused.getAttribute('data-id')).toBe(unreadable.id);
    expect(await refused.locator('th').textContent()).toContain('Unknown sender');
    expect(await refused.locator('.badge').textContent()).toBe('Unreadable');
    expect(await refused.locator('.edi-refusal').textContent()).toBe(
      `Not readable as X12: ${unreadable.refusal!.message}`,
    );
    const rows = page.locator('#edi-interchanges tbody tr:not(:first-child)');
    for (const [i, ix] of items.entries()) {
      const row = rows.nth(i);
      expect(await row.getAttribute('data-id')).toBe(ix.id);
      expect(await row.locator('th').textContent()).toContain(
        `${ix.sender!.qualifier}:${ix.sender!.id}`,
      );
      expect(await row.locator('.edi-control').textContent()).toBe(ix.controlNumber);
      expect(await row.locator('.badge').textContent()).toBe(
        ix.status === 'accepted' ? 'Accepted' : 'Partially accepted',
      );
      const sets = row.locator('.edi-sets li');
      expect(await sets.count()).toBe(ix.transactionSets.length);
      for (const [j, s] of ix.transactionSets.entries()) {
        expect(await sets.nth(j).getAttribute('data-control')).toBe(s.controlNumber);
        expect(await sets.nth(j).getAttribute('data-status')).toBe(s.status);
      }
      expect(await row.locator('summary').textContent()).toBe(ix.acknowledgementType);
    }

    // The acknowledgement is behind its toggle, the same text the API holds.
    const partial = items[0]!;
    const detail = await api<{ acknowledgement: string }>(`/v1/edi/interchanges/${partial.id}`);
    const toggle = rows.nth(0).locator('details.edi-ack');
    expect(await toggle.locator('pre').isVisible()).toBe(false);
    await toggle.locator('summary').click();
    await expect.poll(() => toggle.getAttribute('data-loaded'), { timeout: 15_000 }).toBe('yes');
    const shown = (await toggle.locator('pre').textContent()) ?? '';
    expect(shown.replace(/\s+/g, '')).toBe(detail.acknowledgement.replace(/\s+/g, ''));
    expect(shown).toMatch(/AK9\*P\*3\*3\*2~/);
    await page.screenshot({ path: join(ARTIFACTS, 'integrations-edi.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('shows a team lead the interchanges too: leads watch the feeds their CSRs depend on', async () => {
    const { items } = await api<{ items: Interchange[] }>(
      '/v1/edi/interchanges?limit=25',
      keys.lead,
    );
    const page = await signInAs(browser, svc.url, keys.lead, 'Dashboard');
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('heading', { name: 'Integration health' }).waitFor();
    const rows = page.locator('#edi-interchanges tbody tr');
    await expect.poll(() => rows.count()).toBe(items.length);
    expect(await rows.nth(0).getAttribute('data-id')).toBe(items[0]!.id);
    await page.close();
  }, 60_000);
});
