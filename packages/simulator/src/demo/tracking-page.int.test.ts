import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeEvent, eventTypeByName, keyFor, type SourceEvent } from '@forewarn/contracts';
import {
  sampleEtaUpdated,
  sampleOrderCreated,
  sampleShipmentConfirmed,
  sampleTrackingScanned,
} from '@forewarn/contracts/fixtures';
import {
  createTestEnv,
  eventually,
  freePort,
  serviceTestEnv,
  type TestEnv,
} from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type RunningProcesses } from './processes.js';

// The customer tracking page on the real services (separate processes, real broker and
// database) in a real browser: the links come from the notices the customers received.

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots kept after the run (git-ignored); TRACKING_ARTIFACTS moves them. */
const ARTIFACTS =
  process.env.TRACKING_ARTIFACTS ??
  fileURLToPath(new URL('../../test-artifacts/tracking/', import.meta.url));

const ADMIN = 'tracking-admin-key-00000001';
const CSR = 'tracking-csr-key-000000001';
const READER = 'tracking-reader-key-0000001';
const SECRET = 'tracking-link-secret-for-the-int-test-0001';
const FR = { customerId: 'C-TRK-FR', orderId: 'SO-TRK-FR', po: 'PO-TRK-FR', contact: 'K-TRK-FR' };
const EN = { customerId: 'C-TRK-EN', orderId: 'SO-TRK-EN', po: 'PO-TRK-EN', contact: 'K-TRK-EN' };
const SHIPMENT = 'SHP-TRK-FR';
const PARCEL = '1ZTRACKFR0000001';

const HOUR = 3_600_000;
const now = Date.now();
const at = (hours: number) => new Date(now + hours * HOUR).toISOString();
const torontoDate = (hours: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(
    new Date(now + hours * HOUR),
  );
/** A link as the documented format makes it: base64url(claims).base64url(HMAC-SHA256). */
const link = (base: string, claims: object) => {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const sig = createHmac('sha256', SECRET).update(payload).digest('base64url');
  return `${base}/track/${payload}.${sig}`;
};
const ENGLISH =
  /\b(the|and|your|we|is|was|will|with|after|order|delivery|shipping|carrier|expects|promised|delay|late|parcel|status|on time|request|shipped)\b/i;

interface Hook {
  type: string;
  customerId: string;
  text: string;
  data: { trackingLink?: string | null; caseType?: string };
}

describe('the customer tracking page (real services, broker, database and browser)', () => {
  let env: TestEnv;
  let procs: RunningProcesses | undefined;
  let producer: Producer;
  let receiver: Server;
  let browser: BrowserContext;
  const hooks: Hook[] = [];
  const urls: Record<string, string> = {};

  const api = async (service: string, p: string, key = ADMIN, body?: object) => {
    const res = await fetch(`${urls[service]}${p}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const hook = (customerId: string, type: string) =>
    eventually(async () => hooks.find((h) => h.customerId === customerId && h.type === type), {
      what: `${type} to ${customerId}`,
      timeoutMs: 60_000,
    });
  const publish = async (...events: SourceEvent[]) => {
    for (const e of events) {
      await producer.send({
        topic: `${env.prefix}${eventTypeByName(e.type)!.topic}`,
        messages: [{ key: keyFor(e), value: encodeEvent(e) }],
      });
    }
  };
  const order = (c: typeof FR) =>
    sampleOrderCreated({
      occurredAt: at(-48),
      refs: { customerId: c.customerId, orderId: c.orderId, poNumber: c.po },
      payload: {
        orderId: c.orderId,
        customerId: c.customerId,
        customerName: `${c.customerId} Ltd`,
        customerTier: 'enterprise',
        poNumber: c.po,
        orderedAt: at(-48),
        requestedShipDate: torontoDate(24),
        promisedShipDate: torontoDate(24),
        promisedDeliveryDate: torontoDate(72),
        timezone: 'America/Toronto',
      },
    });

  beforeAll(async () => {
    env = await createTestEnv('tracking');
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        hooks.push(JSON.parse(body) as Hook);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    const dir = await mkdtemp(path.join(tmpdir(), 'tracking-'));
    const contact = (c: typeof FR, language: string) => ({
      customerId: c.customerId,
      name: `${c.customerId} Ltd`,
      contacts: [
        {
          contactId: c.contact,
          webhookUrl: hookUrl,
          webhookSecret: 'tracking-webhook-secret-0123456789',
          preferences: { channels: ['webhook'], language, timeZone: 'America/Toronto' },
        },
      ],
    });
    const seed = path.join(dir, 'contacts.json');
    await writeFile(seed, JSON.stringify({ customers: [contact(FR, 'fr'), contact(EN, 'en')] }));

    const names = ['order', 'shipment', 'exception-detector', 'notification'];
    const ports = Object.fromEntries(
      await Promise.all(names.map(async (n) => [n, await freePort()])),
    );
    const base = (n: string) => `http://127.0.0.1:${ports[n]}`;
    const common = serviceTestEnv(env, {
      API_KEYS: JSON.stringify([
        { key: ADMIN, role: 'admin', name: 'test admin' },
        { key: CSR, role: 'csr', name: 'csr-bob' },
        { key: READER, role: 'executive', name: 'tracking page' },
      ]),
      LOG_LEVEL: 'info',
    });
    const notification = {
      NOTIFICATION_SEED_FILE: seed,
      WEBHOOK_ALLOWED_TARGETS: '127.0.0.1',
      DELIVERY_POLL_MS: '200',
      TRACKING_BASE_URL: base('notification'),
      TRACKING_LINK_SECRET: SECRET,
      ORDER_API_URL: base('order'),
      SHIPMENT_API_URL: base('shipment'),
      DETECTOR_API_URL: base('exception-detector'),
      TRACKING_API_KEY: READER,
    };
    procs = await startServices(
      root,
      dir,
      names.map((name) => ({
        name,
        port: ports[name] as number,
        env: Object.fromEntries(
          Object.entries({ ...common, ...(name === 'notification' ? notification : {}) }).filter(
            (e): e is [string, string] => e[1] !== undefined,
          ),
        ),
      })),
    );
    Object.assign(urls, procs.urls);
    producer = env.kafka.producer();
    await producer.connect();
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      // A phone: the page must read without zooming or scrolling sideways.
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await producer?.disconnect();
    await procs?.stop();
    await new Promise((r) => receiver?.close(r));
    await env?.cleanup();
  });

  it('a late shipment, the customer’s requests and their answers show on the French page of their order only; bad links get a clear 404', async () => {
    const tracking = { trackingNumbers: [PARCEL], poNumber: FR.po };
    const parcel = { trackingNumber: PARCEL, carrier: 'ups' };
    await publish(order(FR), order(EN));
    // The shipment service carries the order service's facts: the order first, as in life.
    await hook(FR.customerId, 'order.confirmed');
    await publish(
      sampleShipmentConfirmed({
        occurredAt: at(-1),
        refs: {
          customerId: FR.customerId,
          orderId: FR.orderId,
          poNumber: FR.po,
          shipmentId: SHIPMENT,
          trackingNumbers: [PARCEL],
        },
        payload: {
          shipmentId: SHIPMENT,
          orderId: FR.orderId,
          trackingNumbers: [PARCEL],
          shippedAt: at(-1),
          cartons: [
            {
              cartonId: 'CTN-TRK-1',
              trackingNumber: PARCEL,
              weightGrams: 2_000,
              lines: [{ lineNo: 1, sku: 'SKU-BOLT-M8', qty: 100 }],
            },
          ],
        },
      }),
      sampleTrackingScanned({
        occurredAt: at(-0.5),
        refs: tracking,
        payload: { ...parcel, status: 'in_transit', scannedAt: at(-0.5) },
      }),
      // Two days past the promise: a delay case, and the page must say "later than promised".
      sampleEtaUpdated({
        occurredAt: at(-0.4),
        refs: tracking,
        payload: { ...parcel, newEta: at(24 * 6), previousEta: at(48), reason: 'weather' },
      }),
    );
    const delayed = await hook(FR.customerId, 'shipment.delayed');
    const enConfirmed = await hook(EN.customerId, 'order.confirmed');

    // Two request types: each its own queue and first-response clock, each answered in French.
    const raise = (
      requestId: string,
      requestType: string,
      about: object = { orderId: FR.orderId },
    ) =>
      api('exception-detector', '/v1/requests', CSR, {
        requestId,
        requestType,
        customerId: FR.customerId,
        ...about,
      });
    const customs = await raise('rq-trk-customs', 'held_in_customs');
    const pickup = await raise('rq-trk-pickup', 'locate_pickup_point');
    expect(customs.body).toMatchObject({
      origin: 'customer',
      assignee: { queue: 'transportation' },
    });
    expect(pickup.body).toMatchObject({ origin: 'customer', assignee: { queue: 'delivery' } });
    // 8 business hours for a customs hold, 4 for a pick-up point (enterprise: 2 and 1).
    expect(Date.parse(String(customs.body.nextDueAt))).toBeGreaterThan(
      Date.parse(String(pickup.body.nextDueAt)),
    );
    // "When will it arrive?" about the parcel whose delay we detected joins that case, and is answered.
    const when = await raise('rq-trk-when', 'delivery_date_time', { trackingNumber: PARCEL });
    expect(when.body).toMatchObject({ caseType: 'carrier_delay', origin: 'proactive' });
    const answers = await eventually(
      async () => {
        const got = hooks.filter(
          (h) => h.customerId === FR.customerId && h.type === 'request.received',
        );
        return got.length >= 3 ? got : undefined;
      },
      { what: 'the three request answers', timeoutMs: 60_000 },
    );
    const answerOf = (t: string) => answers.find((a) => a.data.caseType === t)!.text;
    expect(answerOf('held_in_customs')).toContain('Notre équipe douane');
    expect(answerOf('locate_pickup_point')).toContain('point de retrait');
    expect(answerOf('delivery_date_time')).toContain("le jour et l'heure d'arrivée");

    // Every notice carries its contact's link; the page reads it in the contact's language.
    const frLink = delayed.data.trackingLink!;
    const enLink = enConfirmed.data.trackingLink!;
    expect(frLink).toMatch(/\/track\/[\w-]+\.[\w-]+$/);
    expect(delayed.text).toContain(frLink);

    const page = await browser.newPage();
    const open = async (url: string) => {
      const res = await page.goto(url);
      return { status: res?.status(), text: await page.locator('body').innerText() };
    };

    const fr = await eventually(
      async () => {
        const r = await open(frLink);
        return r.text.includes('Retenu en douane') &&
          r.text.includes('Trouver le point de retrait') &&
          r.text.includes('Quand arrivera-t-il')
          ? r
          : undefined;
      },
      { what: 'the French page with the three requests', timeoutMs: 30_000 },
    );
    expect(fr.status).toBe(200);
    expect(fr.text).toContain(FR.orderId);
    expect(fr.text).not.toContain(EN.orderId);
    expect(fr.text).toContain('Plus tard que promis');
    expect(fr.text).toContain('Votre livraison est retardée');
    const ids = new RegExp(`${FR.orderId}|${FR.po}|${PARCEL}|UPS`, 'g');
    expect(fr.text.replace(ids, '')).not.toMatch(ENGLISH);
    expect(
      await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'),
    ).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tracking-fr.png'), fullPage: true });

    const en = await open(enLink);
    expect(en.status).toBe(200);
    expect(en.text).toContain(EN.orderId);
    expect(en.text).not.toContain(FR.orderId);
    expect(en.text).toContain('Nothing has left the warehouse yet.');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tracking-en.png'), fullPage: true });

    // Forged (one character of the signature changed), expired, or a genuine signature over
    // another customer's order: one 404 page, saying nothing of which.
    const last = frLink.at(-1) === 'A' ? 'B' : 'A';
    const base = urls['notification']!;
    const exp = Math.floor(Date.now() / 1000);
    const bad = [
      frLink.slice(0, -1) + last,
      link(base, { orderId: FR.orderId, customerId: FR.customerId, lang: 'fr', exp: exp - 60 }),
      link(base, { orderId: FR.orderId, customerId: EN.customerId, lang: 'en', exp: exp + 3600 }),
    ];
    const texts = new Set<string>();
    for (const url of bad) {
      const r = await open(url);
      expect(r.status, url).toBe(404);
      expect(r.text).not.toContain(FR.orderId);
      texts.add(r.text);
    }
    expect([...texts]).toEqual([
      expect.stringContaining('This tracking link is not valid or has expired'),
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tracking-404.png'), fullPage: true });
    await page.close();

    // The same view as JSON, for the customer's own systems.
    const json = await fetch(frLink.replace('/track/', '/v1/track/'));
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({
      order: { orderId: FR.orderId },
      shipments: [{ shipmentId: SHIPMENT, late: true }],
    });
    expect((await fetch(bad[0]!.replace('/track/', '/v1/track/'))).status).toBe(404);
  }, 300_000);
});
