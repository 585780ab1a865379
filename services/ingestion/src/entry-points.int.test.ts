import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TOPIC } from '@forewarn/contracts';
import {
  sampleOrderCreated,
  sampleOrderCancelled,
  samplePickCompleted,
  sampleTrackingScanned,
} from '@forewarn/contracts/fixtures';
import { DEFAULT_MAPPING_DIR } from '@forewarn/edi';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '@forewarn/platform';
import { ACME_SECRET, KEYS, startHarness, type Harness } from './testing/harness.js';

const samples = fileURLToPath(new URL('../samples/', `file://${DEFAULT_MAPPING_DIR}`));
const edi = (name: string) => readFileSync(`${samples}${name}`, 'utf8');
const erp = { 'x-api-key': KEYS.erp };

let h: Harness;
beforeAll(async () => {
  h = await startHarness('ingestion-entry');
});
afterAll(async () => {
  await h?.stop();
});

describe('POST /v1/events (JSON batch)', () => {
  // Out of order on purpose: the cancel (later occurredAt) comes first, and one event repeats.
  const created = sampleOrderCreated({ eventId: 'erp-1', sourceSystem: 'erp:sap-prod' });
  // The cancel comes as a source still on version 1 sends it, tenantId and all.
  const cancelled = {
    ...sampleOrderCancelled({ eventId: 'erp-2', sourceSystem: 'erp:sap-prod' }),
    schemaVersion: 1,
    tenantId: 'default',
  };
  const batch = [cancelled, created, created];

  it('accepts a valid batch with 202, reports the in-batch repeat, and answers a resend with duplicates only', async () => {
    const first = await h.post('/v1/events', { events: batch }, erp);
    expect(first.status).toBe(202);
    expect(first.json.accepted).toEqual([
      { index: 0, eventId: 'erp-2', type: 'erp.order.cancelled', topic: TOPIC.erpOrders },
      { index: 1, eventId: 'erp-1', type: 'erp.order.created', topic: TOPIC.erpOrders },
    ]);
    expect(first.json.duplicates).toEqual([{ index: 2, eventId: 'erp-1' }]);
    const again = await h.post('/v1/events', { events: batch }, erp);
    expect(again.status).toBe(202);
    expect(again.json.accepted).toEqual([]);
    expect(again.json.duplicates).toEqual([
      { index: 0, eventId: 'erp-2' },
      { index: 1, eventId: 'erp-1' },
      { index: 2, eventId: 'erp-1' },
    ]);
  });

  it('refuses a batch with invalid events whole, listing every issue with its JSON pointer', async () => {
    const good = sampleOrderCreated({ eventId: 'erp-3', sourceSystem: 'erp:sap-prod' });
    const badStatus = sampleTrackingScanned({ eventId: 'erp-4', sourceSystem: 'erp:sap-prod' });
    (badStatus.payload as { status: string }).status = 'teleported';
    const localTime = {
      ...sampleOrderCancelled({ eventId: 'erp-5', sourceSystem: 'erp:sap-prod' }),
      occurredAt: '2025-03-04T08:00:00',
    };
    const res = await h.post(
      '/v1/events',
      { events: [good, badStatus, localTime, { type: 'erp.order.exploded' }] },
      erp,
    );
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      code: 'EVENTS_INVALID',
      detail: '3 of 4 events are invalid; nothing was accepted. Fix them and resend the batch.',
    });
    const issues = res.json.issues as { path: string; code: string }[];
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['/events/1/payload/status', 'invalid_value'],
      ['/events/2/occurredAt', 'invalid_format'],
      ['/events/3/type', 'unknown_type'],
    ]);
    // Nothing of the refused batch was accepted, not even its valid event.
    const retry = await h.post('/v1/events', { events: [good] }, erp);
    expect(retry.json.accepted).toHaveLength(1);
  });

  it('refuses events of another source system (403) and missing or unknown credentials (401)', async () => {
    const wmsEvent = samplePickCompleted({ eventId: 'wms-x' });
    const res = await h.post('/v1/events', { events: [wmsEvent] }, erp);
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({
      code: 'SOURCE_MISMATCH',
      issues: [{ path: '/events/0/sourceSystem', code: 'source_mismatch' }],
    });
    expect((await h.post('/v1/events', { events: [wmsEvent] })).json).toMatchObject({
      status: 401,
      code: 'CREDENTIALS_MISSING',
    });
    expect(
      (await h.post('/v1/events', { events: [wmsEvent] }, { 'x-api-key': 'nope-nope-nope-nope' }))
        .status,
    ).toBe(401);
    expect(
      (await h.post('/v1/events', { events: [wmsEvent] }, { 'x-api-key': KEYS.ops })).json,
    ).toMatchObject({ status: 403 });
  });
});

describe('HMAC-signed requests', () => {
  const body = JSON.stringify({
    events: [sampleTrackingScanned({ eventId: 'af-1', sourceSystem: 'carrier:acmefreight' })],
  });
  const signed = (ts: number, secret = ACME_SECRET) => ({
    'x-forewarn-source': 'carrier:acmefreight',
    'forewarn-signature': sign(secret, body, new Date(ts * 1000)),
  });
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a fresh signature and refuses stale, wrong or unknown ones', async () => {
    const ok = await h.post('/v1/events', body, signed(now()));
    expect(ok.status).toBe(202);
    expect(ok.json.accepted).toEqual([
      { index: 0, eventId: 'af-1', type: 'carrier.tracking.scanned', topic: TOPIC.carrierTracking },
    ]);
    const stale = await h.post('/v1/events', body, signed(now() - 3600));
    expect(stale.json).toMatchObject({ status: 401, code: 'SIGNATURE_STALE' });
    const wrong = await h.post('/v1/events', body, signed(now(), 'another-secret-0123456789'));
    expect(wrong.json).toMatchObject({ status: 401, code: 'SIGNATURE_INVALID' });
    const replayed = await h.post('/v1/events', body, signed(now()));
    expect(replayed.json).toMatchObject({
      accepted: [],
      duplicates: [{ index: 0, eventId: 'af-1' }],
    });
  });
});

describe('POST /v1/edi', () => {
  const x12 = { 'x-api-key': KEYS.ups, 'content-type': 'application/edi-x12' };

  it('turns a 214 into canonical events once, even when the file is resent in a new interchange', async () => {
    const text = edi('214-ups-delay-damage-delivered.edi');
    const first = await h.post('/v1/edi', text, x12);
    expect(first.status).toBe(202);
    expect(first.json.accepted).toHaveLength(9);
    const resent = await h.post('/v1/edi', text.replaceAll('000000101', '000000102'), x12);
    expect(resent.json).toMatchObject({ accepted: [] });
    expect(resent.json.duplicates).toHaveLength(9);
  });

  it('rejects the bad set naming the segment and element, takes the others, and refuses a carrier file from another source', async () => {
    const bad = await h.post(
      '/v1/edi',
      edi('214-ups-delay-damage-delivered.edi').replace('AT7*X6*NS', 'AT7*ZZ*NS'),
      x12,
    );
    // One bad transaction set never sinks the rest (sets 2 and 3 were taken by the test above).
    expect(bad.status).toBe(202);
    expect(bad.json.transactionSets).toMatchObject([
      {
        controlNumber: '0001',
        status: 'rejected',
        issues: [
          {
            path: '/segments/12/AT7-01',
            code: 'unknown_code',
            message:
              'segment 12 (AT7), element AT7-01: unknown shipment status code "ZZ": add it to at7-status.json',
          },
        ],
      },
      { controlNumber: '0002', status: 'accepted' },
      { controlNumber: '0003', status: 'accepted' },
    ]);
    expect(bad.json.acknowledgement).toContain('AK3*AT7*10**8~\nAK4*1*1650*7*ZZ~\nAK5*R*5~');
    const dhlFile = await h.post('/v1/edi', edi('214-dhl-customs-hold.edi'), x12);
    expect(dhlFile.status).toBe(403);
  });

  it('maps an 856 sent by the WMS to one ship-confirm per order', async () => {
    const res = await h.post('/v1/edi', edi('856-atl-two-orders-partial.edi'), {
      'x-api-key': KEYS.wms,
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(202);
    expect((res.json.accepted as { eventId: string }[]).map((a) => a.eventId)).toEqual([
      '856-SHP-5001-SO-1001',
      '856-SHP-5001-SO-1002',
    ]);
  });
});

describe('the contract over HTTP', () => {
  it('serves the AsyncAPI document and JSON Schemas', async () => {
    const doc = (await (await fetch(`${h.svc.url}/v1/asyncapi.json`)).json()) as {
      asyncapi: string;
      channels: object;
    };
    expect(doc.asyncapi).toMatch(/^3\./);
    expect(Object.keys(doc.channels).length).toBeGreaterThan(5);
    const schema = (await (
      await fetch(`${h.svc.url}/v1/schemas/carrier.tracking.scanned`)
    ).json()) as { properties: object };
    expect(schema.properties).toHaveProperty('payload');
    expect((await fetch(`${h.svc.url}/v1/schemas/nope`)).status).toBe(404);
  });
});

describe('what reached the topics', () => {
  it('holds every accepted event exactly once and nothing refused', async () => {
    const expectIds = async (topic: string, ids: string[]) =>
      eventually(
        async () => {
          const on = await h.eventIdsOn(topic);
          return on.length === ids.length ? on : undefined;
        },
        { timeoutMs: 15_000, what: `${ids.length} events on ${topic}` },
      ).then((on) => expect([...on].sort()).toEqual([...ids].sort()));
    await expectIds(TOPIC.erpOrders, ['erp-1', 'erp-2', 'erp-3']);
    await expectIds(TOPIC.wmsFulfilment, ['856-SHP-5001-SO-1001', '856-SHP-5001-SO-1002']);
    const scans = await eventually(async () => {
      const on = await h.eventIdsOn(TOPIC.carrierTracking);
      return on.length >= 10 ? on : undefined;
    });
    expect(scans).toHaveLength(10); // 1 signed by acmefreight + 9 from the 214 (aggregator webhooks: webhooks.int.test.ts)
    expect(new Set(scans).size).toBe(10);
    // Whatever version a source declared, the topics hold the latest, which has no tenantId.
    for (const topic of [TOPIC.erpOrders, TOPIC.wmsFulfilment, TOPIC.carrierTracking]) {
      for (const { event, eventType, writtenWith } of await h.eventsOn(topic)) {
        expect(writtenWith).toBe(eventType);
        expect(event.schemaVersion).toBe(eventType.version);
        expect(event).not.toHaveProperty('tenantId');
      }
    }
  });
});
