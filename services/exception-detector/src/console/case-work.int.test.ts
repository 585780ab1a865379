import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import type { BrowserContext } from 'playwright-core';
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
  csr: 'notices-csr-key-0123456789',
  lead: 'notices-lead-key-012345678',
  admin: 'notices-admin-key-012345678',
  other: 'notices-customer-key-01234',
  kim: 'notices-kim-key-0123456789',
};
const [told, silent] = ['notices-a', 'notices-b'].map(b.story) as [b.StoryIds, b.StoryIds];
const API_KEYS = JSON.stringify([
  { key: keys.csr, role: 'csr', name: 'csr-bob' },
  { key: keys.lead, role: 'team_lead', name: 'lead-ann' },
  { key: keys.admin, role: 'admin', name: 'root-ria' },
  { key: keys.kim, role: 'csr', name: 'csr-kim' },
  // A customer key of the other customer: it must not read the first one's notices.
  { key: keys.other, role: 'customer', name: 'silent-portal', customerId: silent.customerId },
]);

interface Notice {
  noticeId: string;
  caseId: string | null;
  customerId: string;
  template: string;
  address: string;
  status: string;
  attempts: number;
}

describe('case work in the console: notices on the case, what each role may do, remedy approval, reassignment, bulk actions on the queue (chromium)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  let opened: Awaited<ReturnType<typeof openConsoleBrowser>> | undefined;
  let browser: BrowserContext;
  let notification: ChildProcess | undefined;
  let notificationUrl: string;
  const clock = testClock('2025-03-06T14:00:00Z');

  const call = async <T>(url: string, key: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const caseOf = async (s: b.StoryIds) => {
    const { body } = await call<{ items: { caseId: string; subject: { id: string } }[] }>(
      `${svc.url}/v1/cases?queue=billing&status=all`,
      keys.csr,
    );
    return body.items.find((c) => c.subject.id === s.orderId)!.caseId;
  };
  const noticesOf = async (caseId: string, key = keys.csr) =>
    call<{ notices: Notice[] }>(`${notificationUrl}/v1/notices?caseId=${caseId}`, key);

  const signIn = (key: string, lands: string) => signInAs(browser, svc.url, key, lands);

  beforeAll(async () => {
    env = await createTestEnv('detector-case-notices');
    ({ url: notificationUrl, child: notification } = await spawnService(env, 'notification', {
      API_KEYS,
    }));
    svc = await startDetector(env, clock.now, {
      API_KEYS,
      CONSOLE_UPSTREAMS: JSON.stringify({ notification: notificationUrl }),
    });
    await eventually(
      async () => ((await fetch(`${notificationUrl}/readyz`)).ok ? true : undefined),
      { timeoutMs: 60_000, what: 'the notification service ready' },
    );
    // Only the first customer has a contact: the second one's case is told to no one.
    const contact = await call(`${notificationUrl}/v1/contacts/notices-a-ap`, keys.csr, {
      method: 'PUT',
      body: JSON.stringify({ customerId: told.customerId, email: 'ap@notices-a.example' }),
    });
    expect(contact.status).toBe(200);
    producer = env.kafka.producer();
    await producer.connect();
    await produce(producer, env.prefix, [
      // The first customer's order is confirmed: a notice about the order, not on any case.
      b.orderStatus(told, '2025-03-06T13:00:00Z', {
        status: 'open',
        previousStatus: undefined,
        customerTier: 'retail',
      }),
      ...[told, silent].map((s) =>
        b.invoicePosted(s, '2025-03-06T13:30:00Z', {
          customerTier: 'retail',
          discrepancies: [{ kind: 'total_mismatch' }],
        }),
      ),
    ]);
    await processedAtLeast(svc, 3);
    opened = await openConsoleBrowser('case-notices');
    browser = opened.browser;
  }, 150_000);

  afterAll(async () => {
    await opened?.close();
    await producer?.disconnect();
    notification?.kill('SIGTERM');
    await svc?.stop();
    await env?.cleanup();
  });

  it("lists the case's notices as the notification service states them, and none on a case told to no one", async () => {
    const caseId = await caseOf(told);
    const notices = await eventually(
      async () => {
        const { body } = await noticesOf(caseId);
        return body.notices.length > 0 ? body.notices : undefined;
      },
      { timeoutMs: 60_000, what: 'the exception notice on the case' },
    );
    expect(notices.every((n) => n.caseId === caseId && n.customerId === told.customerId)).toBe(
      true,
    );
    expect(notices.map((n) => n.template)).toContain('exception.notice');
    const confirmed = await eventually(
      async () => {
        const { body } = await call<{ notices: Notice[] }>(
          `${notificationUrl}/v1/notices?orderId=${told.orderId}`,
          keys.csr,
        );
        return body.notices.find((n) => n.template === 'order.confirmed');
      },
      { timeoutMs: 60_000, what: 'the order confirmation notice' },
    );
    expect(confirmed.caseId).toBe(null);
    // Customer-scoped as the other notice routes: another customer's key reads none of them.
    const foreign = await noticesOf(caseId, keys.other);
    expect([foreign.status, foreign.body.notices]).toEqual([200, []]);

    const page = await signIn(keys.csr, 'Case queue');
    await page.goto(`${svc.url}/console/#/cases/${caseId}`);
    const card = page.locator('#case-notices-card');
    await expect.poll(() => card.getAttribute('data-ready')).toBe('true');
    const rows = page.locator('#case-notices tbody tr');
    // The delivery worker may have moved a notice on since: compare with a fresh reading.
    const now = (await noticesOf(caseId)).body.notices;
    expect(await rows.count()).toBe(now.length);
    for (const n of now) {
      const row = page.locator(`#case-notices tr[data-notice-id="${n.noticeId}"]`);
      expect(await row.locator('td[data-col="Notice"]').textContent()).toContain(
        'Exception notice',
      );
      expect(await row.locator('td[data-col="To"]').textContent()).toContain(n.address);
      expect(await row.locator('td[data-col="Attempts"]').textContent()).toMatch(/^\d+$/);
    }
    // The order's own notice is listed apart, as about the order and not sent on the case.
    expect(
      await page.locator(`#order-notices tr[data-notice-id="${confirmed.noticeId}"]`).count(),
    ).toBe(1);
    expect(
      await page.locator(`#case-notices tr[data-notice-id="${confirmed.noticeId}"]`).count(),
    ).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'case-notices.png'), fullPage: true });

    const none = await caseOf(silent);
    expect((await noticesOf(none)).body.notices).toEqual([]);
    await page.goto(`${svc.url}/console/#/cases/${none}`);
    await page.getByRole('heading', { name: 'Actions' }).waitFor();
    await expect
      .poll(() => page.locator('#case-notices-slot').textContent())
      .toBe('No notice has been sent on this case.');
    await page.close();
  }, 120_000);

  it('shows an admin the dashboard, not the queue, and a case without the actions the API refuses admins', async () => {
    const caseId = await caseOf(told);
    // The API's word: an admin may read the case but not act on it.
    const refused = await call(`${svc.url}/v1/cases/${caseId}/comment`, keys.admin, {
      method: 'POST',
      body: JSON.stringify({ text: 'audit' }),
    });
    expect(refused.status).toBe(403);

    const page = await signIn(keys.admin, 'Dashboard');
    expect(await page.locator('#who-role').textContent()).toBe('Admin');
    const nav = page.getByRole('navigation', { name: 'Console' });
    const shown = await nav.getByRole('link').allTextContents();
    expect(shown).toEqual(['Dashboard', 'Scorecards', 'Integrations']);
    // The queue's address lands an admin back on the dashboard.
    await page.goto(`${svc.url}/console/#/queue`);
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();

    await page.goto(`${svc.url}/console/#/cases/${caseId}`);
    const actions = page.getByRole('region', { name: 'Actions' });
    await actions.waitFor();
    expect(await actions.getByRole('button').count()).toBe(0);
    expect(await actions.textContent()).toContain('No action on this case is open to your role');
    // It still reads the notices, as its role may on the notification service.
    await expect
      .poll(() => page.locator('#case-notices-card').getAttribute('data-ready'))
      .toBe('true');
    expect(await page.locator('#case-notices tbody tr').count()).toBeGreaterThan(0);
    await page.close();

    // A CSR sees the queue and cases only: no dashboard, scorecards nor integrations link.
    const csr = await signIn(keys.csr, 'Case queue');
    expect(
      await csr.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents(),
    ).toEqual(['Queue']);
    await csr.goto(`${svc.url}/console/#/cases/${caseId}`);
    await csr.getByRole('heading', { name: 'Actions' }).waitFor();
    expect(await csr.getByRole('button', { name: 'Claim' }).count()).toBe(1);
    await csr.close();
  }, 120_000);
  it('lets a CSR claim and resolve selected cases at once, each through its own audited command', async () => {
    const [first, second] = [await caseOf(told), await caseOf(silent)];
    // One is already the CSR's: a bulk claim skips it rather than claim it twice.
    const claimed = await call(`${svc.url}/v1/cases/${second}/claim`, keys.csr, {
      method: 'POST',
      body: '{}',
    });
    expect(claimed.status).toBe(200);

    const page = await signIn(keys.csr, 'Case queue');
    await page.getByLabel('Queue', { exact: true }).fill('billing');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const rows = page.locator('#queue-rows tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Apply to selected' }).isDisabled()).toBe(true);
    // From the keyboard: j to the first case, x to select it; then the second by its box.
    await page.locator('body').press('j');
    await page.locator('body').press('x');
    await rows.nth(1).getByRole('checkbox').check();
    expect(await page.locator('#bulk-count').textContent()).toBe('2 selected.');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await expect
      .poll(() => page.locator('#queue-view').getAttribute('data-bulk'))
      .toBe('Claim: 1 of 2 claimed; 1 skipped (not open to this action).');
    for (const id of [first, second]) {
      const d = await call<{ summary: { assignee: { userId: string } } }>(
        `${svc.url}/v1/cases/${id}`,
        keys.csr,
      );
      expect(d.body.summary.assignee.userId).toBe('csr-bob');
    }

    // Resolving asks a reason first (it goes in each case's audit trail).
    await page.getByLabel('Select every case shown').check();
    await page.getByLabel('With the selected cases').selectOption('resolve');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Reason needed');
    await page.getByLabel('Reason (escalate, resolve)').fill('Corrected invoices sent');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    // Two audited commands in turn: give them time on a loaded machine.
    await expect
      .poll(() => page.locator('#queue-view').getAttribute('data-bulk'), { timeout: 30_000 })
      .toBe('Resolve: 2 of 2 resolved.');
    await expect.poll(() => rows.count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'queue-bulk.png'), fullPage: true });
    for (const id of [first, second]) {
      const d = await call<{ summary: { status: string }; audit: Record<string, unknown>[] }>(
        `${svc.url}/v1/cases/${id}`,
        keys.csr,
      );
      expect(d.body.summary.status).toBe('resolved');
      expect(d.body.audit.at(-1)).toMatchObject({
        actor: 'csr-bob',
        action: 'resolved',
        detail: { reason: 'Corrected invoices sent' },
      });
    }
    await page.close();
  }, 120_000);

  it('lets a team lead approve one remedy over the CSR limit and decline another, and reassign cases one by one and in bulk; a CSR sees the wait but not the buttons', async () => {
    const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
    // One unit short at $4,000 on a $4,500 order: a 15 % credit of $600, over the CSR's $500.
    const [approved, declined] = ['cw-appr', 'cw-decl'].map(b.story) as [b.StoryIds, b.StoryIds];
    await produce(
      producer,
      env.prefix,
      [approved, declined].map((st) =>
        b.lineShort(st, '2025-03-06T13:40:00Z', {
          customerTier: 'retail',
          line: { critical: false, unitPrice: usd(400_000), pickedQty: 1, shortQty: 1 },
          shortQty: 1,
          lineValue: usd(800_000),
          orderValue: usd(450_000),
        }),
      ),
    );
    type Detail = {
      summary: { assignee: { userId: string | null; queue: string }; remedyAwaits: string | null };
      case: { remedyApproval?: { status: string; by?: string; reason?: string } };
      audit: { actor: string; action: string }[];
    };
    const detail = async (id: string) =>
      (await call<Detail>(`${svc.url}/v1/cases/${id}`, keys.lead)).body;
    const caseOfCustomer = (st: b.StoryIds) =>
      eventually(
        async () =>
          (
            await call<{ items: { caseId: string }[] }>(
              `${svc.url}/v1/cases?customerId=${st.customerId}`,
              keys.lead,
            )
          ).body.items[0]?.caseId,
        { what: `the short line case of ${st.customerId}`, timeoutMs: 30_000 },
      );
    const [approveId, declineId] = [await caseOfCustomer(approved), await caseOfCustomer(declined)];
    expect((await detail(approveId)).case.remedyApproval?.status).toBe('pending');
    expect((await detail(approveId)).summary.remedyAwaits).toBe('team_lead');

    // The CSR sees that it waits, and is offered neither approval nor reassignment.
    const csr = await signIn(keys.csr, 'Case queue');
    // On the queue, each row says whose approval its remedy awaits.
    for (const id of [approveId, declineId])
      await expect
        .poll(() =>
          csr.locator(`#queue-rows tr[data-case-id="${id}"] .awaiting-approval`).textContent(),
        )
        .toBe("Remedy awaits a team lead's approval");
    await csr.goto(`${svc.url}/console/#/cases/${declineId}`);
    await csr.getByRole('heading', { name: 'Actions' }).waitFor();
    expect(await csr.locator('#remedy-approval').getAttribute('data-status')).toBe('pending');
    expect(await csr.locator('#remedy-approval').textContent()).toContain(
      'Awaiting approval by a team lead or above',
    );
    for (const name of ['Approve remedy', 'Decline remedy', 'Reassign case'])
      expect(await csr.getByRole('button', { name }).count()).toBe(0);
    // A CSR approves nothing: no badge, and the queue's filter offers what waits, not "mine".
    expect(await csr.locator('#approvals-badge').isHidden()).toBe(true);
    expect(
      await csr
        .locator('#f-remedy option')
        .evaluateAll((os) => os.map((o) => o.getAttribute('value'))),
    ).toEqual(['', 'pending']);
    await csr.close();

    const page = await signIn(keys.lead, 'Dashboard');
    // The badge counts the remedies this team lead may approve, as the API does, and leads to
    // the queue filtered to them.
    const counts = async () =>
      (
        await call<{ pending: number; yours: number }>(
          `${svc.url}/v1/cases/pending-approvals`,
          keys.lead,
        )
      ).body;
    const badge = page.locator('#approvals-badge');
    const before = await counts();
    expect(before.yours).toBeGreaterThanOrEqual(2);
    await expect.poll(() => badge.locator('.count').textContent()).toBe(String(before.yours));
    expect(await badge.getAttribute('aria-label')).toContain(
      `${before.yours} remedies await your approval`,
    );
    await badge.click();
    await page.getByRole('heading', { name: 'Case queue', exact: true }).waitFor();
    expect(await page.getByLabel('Remedy', { exact: true }).inputValue()).toBe('awaiting_me');
    const awaiting = (
      await call<{ items: { caseId: string }[] }>(
        `${svc.url}/v1/cases?remedy=awaiting_me&limit=200`,
        keys.lead,
      )
    ).body.items.map((c) => c.caseId);
    expect(awaiting).toEqual(expect.arrayContaining([approveId, declineId]));
    await expect
      .poll(() =>
        page
          .locator('#queue-rows tr')
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id'))),
      )
      .toEqual(awaiting);
    expect(awaiting.length).toBe(before.yours);
    // Each of them marked as awaiting this lead's approval.
    expect(
      await page
        .locator('#queue-rows tr')
        .evaluateAll((trs) => trs.map((tr) => tr.querySelector('.awaiting-approval')?.textContent)),
    ).toEqual(awaiting.map(() => 'Remedy awaits your approval'));
    await page.screenshot({ path: join(ARTIFACTS, 'queue-awaiting-approval.png'), fullPage: true });
    // Approved from the keyboard: the note, then Enter.
    await page.goto(`${svc.url}/console/#/cases/${approveId}`);
    await page.getByRole('heading', { name: 'Actions' }).waitFor();
    await page.getByLabel('Note (optional)').fill('Loyal customer');
    await page.getByLabel('Note (optional)').press('Enter');
    await expect
      .poll(() => page.locator('#remedy-approval').getAttribute('data-status'))
      .toBe('approved');
    expect(await page.locator('#remedy-approval').textContent()).toContain(
      'Approved by lead-ann (Team lead)',
    );
    expect((await detail(approveId)).case.remedyApproval).toMatchObject({
      status: 'approved',
      by: 'lead-ann',
      reason: 'Loyal customer',
    });
    expect((await detail(approveId)).summary.remedyAwaits).toBeNull();
    expect(await page.locator('ol.timeline').textContent()).toContain(
      'lead-ann (Team lead) approved the remedy',
    );
    // One fewer to approve: the badge follows.
    expect((await counts()).yours).toBe(before.yours - 1);
    await expect.poll(() => badge.locator('.count').textContent()).toBe(String(before.yours - 1));

    // Declined with a reason (required: the form does not go without one).
    await page.goto(`${svc.url}/console/#/cases/${declineId}`);
    await page.getByRole('heading', { name: 'Actions' }).waitFor();
    await page.getByRole('button', { name: 'Decline remedy' }).click();
    expect(await page.locator('#remedy-approval').getAttribute('data-status')).toBe('pending');
    await page.locator('#decline-remedy-reason').fill('Offer an expedited replacement instead');
    await page.getByRole('button', { name: 'Decline remedy' }).click();
    await expect
      .poll(() => page.locator('#remedy-approval').getAttribute('data-status'))
      .toBe('declined');
    // Declined stays declined: nothing to approve until a new remedy is proposed.
    expect(await page.getByRole('button', { name: 'Approve remedy' }).count()).toBe(0);
    expect((await detail(declineId)).case.remedyApproval).toMatchObject({
      status: 'declined',
      by: 'lead-ann',
      reason: 'Offer an expedited replacement instead',
    });

    // The picker offers the people who sign in and work cases, as the API lists them, and no one
    // else (not the admin). A name gone from the list since (its key removed) is refused by the
    // API with its code, and the case stays where it was.
    const assignees = (
      await call<{ assignees: { userId: string }[] }>(`${svc.url}/v1/assignees`, keys.lead)
    ).body.assignees.map((a) => a.userId);
    expect(assignees).toEqual(['csr-bob', 'csr-kim', 'lead-ann']);
    const picker = page.getByLabel('To user', { exact: true });
    expect(
      await picker.locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value'))),
    ).toEqual(['', ...assignees]);
    const ownerBefore = (await detail(declineId)).summary.assignee;
    await picker.evaluate((el) => {
      const ghost = el.ownerDocument.createElement('option');
      ghost.value = 'csr-ghost';
      ghost.textContent = 'csr-ghost (CSR)';
      el.append(ghost);
    });
    await picker.selectOption('csr-ghost');
    await page.getByRole('button', { name: 'Reassign case' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('UNKNOWN_ASSIGNEE');
    expect(await page.getByRole('alert').textContent()).toContain(
      'No user csr-ghost is known here',
    );
    expect((await detail(declineId)).summary.assignee).toEqual(ownerBefore);
    await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();

    // Reassigned to a named CSR in the billing queue, from the picker.
    await picker.selectOption('csr-kim');
    await page.getByLabel('To queue', { exact: true }).selectOption('billing');
    await page
      .getByLabel('Reason (optional)', { exact: true })
      .fill('Billing handles this customer');
    await page.getByRole('button', { name: 'Reassign case' }).click();
    await expect.poll(() => page.locator('.facts').textContent()).toContain('csr-kim');
    const timeline = await page.locator('ol.timeline').textContent();
    expect(timeline).toContain('lead-ann (Team lead) declined the remedy');
    expect(timeline).toContain(
      'lead-ann (Team lead) reassigned the case to csr-kim in the billing queue',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'case-approval.png'), fullPage: true });
    expect((await detail(declineId)).summary.assignee).toEqual({
      userId: 'csr-kim',
      queue: 'billing',
    });
    const owned = await call<{ items: { caseId: string }[] }>(
      `${svc.url}/v1/cases?queue=billing&owner=csr-kim`,
      keys.lead,
    );
    expect(owned.body.items.map((c) => c.caseId)).toEqual([declineId]);
    expect((await detail(declineId)).audit.slice(-2).map((a) => `${a.actor}:${a.action}`)).toEqual([
      'lead-ann:remedy_declined',
      'lead-ann:reassigned',
    ]);

    // In bulk, from the queue: the fulfilment case goes to the returns queue, unassigned.
    await page.goto(`${svc.url}/console/#/queue`);
    await page.getByLabel('Queue', { exact: true }).fill('fulfilment');
    // The badge's filter stays until cleared: the approved case no longer awaits anyone.
    expect(await page.getByLabel('Remedy', { exact: true }).inputValue()).toBe('awaiting_me');
    await page.getByLabel('Remedy', { exact: true }).selectOption('');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const pick = page.locator(`#queue-rows input.pick[value="${approveId}"]`);
    await pick.check();
    // Approved, its row no longer says it awaits anyone.
    const approvedRow = page.locator(`#queue-rows tr[data-case-id="${approveId}"]`);
    expect(await approvedRow.locator('.awaiting-approval').count()).toBe(0);
    expect(await approvedRow.locator('.sub').count()).toBe(1);
    await page.getByLabel('With the selected cases').selectOption('reassign');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Say where');
    await page.getByLabel('Reassign to queue').fill('returns');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await expect
      .poll(() => page.locator('#queue-view').getAttribute('data-bulk'))
      .toBe('Reassign: 1 of 1 reassigned.');
    await expect.poll(() => pick.count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'queue-bulk-reassign.png'), fullPage: true });
    expect((await detail(approveId)).summary.assignee).toEqual({ userId: null, queue: 'returns' });
    await page.close();
  }, 180_000);
});
