import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceEvent } from '@forewarn/contracts';
import {
  sampleEtaUpdated,
  sampleOrderCreated,
  sampleShipmentConfirmed,
  sampleTrackingScanned,
} from '@forewarn/contracts/fixtures';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@forewarn/observability';
import {
  createTestEnv,
  eventually,
  freePort,
  serviceTestEnv,
  type TestEnv,
} from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type RunningProcesses } from './processes.js';
import { startDeliverySinks, type DeliverySinks } from './sinks.js';

// One carrier ETA posted to ingestion over HTTP with a traceparent, followed through every
// service (separate processes, the real broker and database) by the spans their OTLP exporters
// post to a receiver in this test: the same trace id runs from the request to the shipment
// service, the detector's case and the notification service's notice send.

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const OPS_KEY = 'trace-ops-key-00000000001';
const SOURCE_KEYS = {
  'erp:sap-prod': 'trace-erp-key-000000001',
  'wms:manhattan': 'trace-wms-key-000000001',
  'carrier:ups': 'trace-ups-key-000000001',
} as const;
const CUSTOMER = 'C-TRACE';
const ORDER = 'SO-TRACE-1';
const SHIPMENT = 'SHP-TRACE-1';
const PARCEL = '1ZTRACE00000001';
const TRACE_ID = '7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e';
const CALLER_SPAN = 'c0ffee0000000001';

const HOUR = 3_600_000;
const now = Date.now();
const at = (hours: number) => new Date(now + hours * HOUR).toISOString();
const nyDate = (hours: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
    new Date(now + hours * HOUR),
  );

describe('one trace from an ingested event to the case and the notice (integration: real services, broker, database, OTLP/HTTP)', () => {
  let env: TestEnv;
  let procs: RunningProcesses | undefined;
  let sinks: DeliverySinks | undefined;
  let receiver: OtlpReceiver;
  const urls: Record<string, string> = {};

  const get = async <T>(service: string, p: string): Promise<T | undefined> => {
    const res = await fetch(`${urls[service]}${p}`, { headers: { 'x-api-key': OPS_KEY } });
    return res.ok ? ((await res.json()) as T) : undefined;
  };
  const until = <T>(what: string, check: () => Promise<T | undefined | false>) =>
    eventually(async () => (await check()) || undefined, { what, timeoutMs: 90_000 });
  const sent = async (template: string) =>
    (
      await get<{ notices: { template: string; status: string }[] }>(
        'notification',
        `/v1/notices?customerId=${CUSTOMER}`,
      )
    )?.notices.some((n) => n.template === template && n.status === 'sent');
  const post = async (event: SourceEvent, headers: Record<string, string> = {}) => {
    const res = await fetch(`${urls.ingestion}/v1/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': SOURCE_KEYS[event.sourceSystem as keyof typeof SOURCE_KEYS],
        ...headers,
      },
      body: JSON.stringify({ events: [event] }),
    });
    expect(res.status, await res.clone().text()).toBe(202);
  };

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    env = await createTestEnv('trace');
    sinks = await startDeliverySinks();
    const dir = await mkdtemp(path.join(tmpdir(), 'trace-'));
    const seed = path.join(dir, 'contacts.json');
    await writeFile(
      seed,
      JSON.stringify({
        customers: [
          {
            customerId: CUSTOMER,
            name: 'Trace Hardware',
            contacts: [
              {
                contactId: 'K-TRACE-1',
                name: 'Tara Buyer',
                email: 'tara@trace-hardware.example',
                preferences: {
                  channels: ['email'],
                  exceptionChannels: [],
                  quietHours: null,
                  language: 'en',
                  timeZone: 'America/New_York',
                },
              },
            ],
          },
        ],
      }),
    );
    const common = serviceTestEnv(env, {
      API_KEYS: JSON.stringify([
        { key: OPS_KEY, role: 'ops_manager', name: 'test operations manager' },
        ...Object.entries(SOURCE_KEYS).map(([sourceSystem, key]) => ({
          key,
          role: 'source',
          sourceSystem,
        })),
      ]),
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    });
    const specific: Record<string, Record<string, string>> = {
      notification: {
        NOTIFICATION_SEED_FILE: seed,
        SMTP_PORT: String(sinks.smtpPort),
        TWILIO_BASE_URL: sinks.smsBaseUrl,
        TWILIO_ACCOUNT_SID: 'ACtest00000000000000000000000000',
        TWILIO_AUTH_TOKEN: 'test-twilio-token',
        TWILIO_FROM: '+15550000000',
        DELIVERY_POLL_MS: '200',
      },
    };
    const specs = [];
    for (const name of ['ingestion', 'order', 'shipment', 'exception-detector', 'notification']) {
      specs.push({
        name,
        port: await freePort(),
        env: Object.fromEntries(
          Object.entries({ ...common, ...(specific[name] ?? {}) }).filter(
            (e): e is [string, string] => e[1] !== undefined,
          ),
        ),
      });
    }
    procs = await startServices(root, dir, specs);
    Object.assign(urls, procs.urls);
  }, 180_000);

  afterAll(async () => {
    await procs?.stop();
    await sinks?.close();
    await env?.cleanup();
    await receiver?.close();
  });

  it('the ETA request, the shipment event, the delay case and the delay notice share one trace id', async () => {
    const refs = { customerId: CUSTOMER, orderId: ORDER, poNumber: 'PO-TRACE' };
    const tracking = { trackingNumbers: [PARCEL], poNumber: 'PO-TRACE' };
    const parcel = { trackingNumber: PARCEL, carrier: 'ups' };
    await post(
      sampleOrderCreated({
        occurredAt: at(-48),
        refs,
        payload: {
          orderId: ORDER,
          customerId: CUSTOMER,
          customerName: 'Trace Hardware',
          customerTier: 'retail',
          poNumber: 'PO-TRACE',
          orderedAt: at(-48),
          requestedShipDate: nyDate(24),
          promisedShipDate: nyDate(24),
          promisedDeliveryDate: nyDate(72),
          timezone: 'America/New_York',
        },
      }),
    );
    await until('the order confirmed', () => sent('order.confirmed'));
    await post(
      sampleShipmentConfirmed({
        occurredAt: at(-1),
        refs: { ...refs, shipmentId: SHIPMENT, trackingNumbers: [PARCEL] },
        payload: {
          shipmentId: SHIPMENT,
          orderId: ORDER,
          trackingNumbers: [PARCEL],
          shippedAt: at(-1),
          cartons: [
            {
              cartonId: 'CTN-T1',
              trackingNumber: PARCEL,
              weightGrams: 5_000,
              lines: [{ lineNo: 1, sku: 'SKU-BOLT-M8', qty: 100 }],
            },
          ],
        },
      }),
    );
    await post(
      sampleTrackingScanned({
        occurredAt: at(-0.5),
        refs: tracking,
        payload: { ...parcel, status: 'in_transit', scannedAt: at(-0.5) },
      }),
    );
    await until('the shipped notice', () => sent('shipment.shipped'));

    // The carrier's ETA, two days past the promise, comes with the carrier's own trace.
    await post(
      sampleEtaUpdated({
        occurredAt: at(-0.4),
        refs: tracking,
        payload: { ...parcel, newEta: at(24 * 6), previousEta: at(48), reason: 'weather' },
      }),
      { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
    );
    await until('the delay notice', () => sent('shipment.delayed'));

    // Every hop, as the spans the services exported say; a batch handler's span (and the
    // transaction under it) is in the message's trace for a batch of one, else linked to it.
    const missing = () => {
      const all = receiver.spans;
      const spans = all.filter((s) => s.traceId === TRACE_ID);
      const find = (
        service: string,
        stage: string,
        where: (s: ReceivedSpan) => boolean = () => true,
      ) =>
        spans.find(
          (s) => s.service === service && s.attributes['forewarn.stage'] === stage && where(s),
        );
      const byAnyId = new Map(all.map((s) => [s.spanId, s]));
      /** Whether `s` runs under `ancestor`: through parents, or a batch linked to it. */
      const under = (s: ReceivedSpan, ancestor: ReceivedSpan | undefined): boolean => {
        for (let at: ReceivedSpan | undefined = s; at && ancestor;) {
          if (at.parentSpanId === ancestor.spanId) return true;
          if (at.links.some((l) => l.spanId === ancestor.spanId)) return true;
          at = at.parentSpanId ? byAnyId.get(at.parentSpanId) : undefined;
        }
        return false;
      };
      /** Under `parent` in the trace (directly, or through the same service's inner spans). */
      const childOf = (parent: ReceivedSpan | undefined) => (s: ReceivedSpan) => under(s, parent);
      const handledIn = (consume: ReceivedSpan | undefined) =>
        all.find(
          (b) =>
            consume !== undefined &&
            / process batch$/.test(b.name) &&
            (b.parentSpanId === consume.spanId || b.links.some((l) => l.spanId === consume.spanId)),
        );
      const txUnder = (batch: ReceivedSpan | undefined) =>
        all.find(
          (t) =>
            batch !== undefined &&
            t.parentSpanId === batch.spanId &&
            t.attributes['forewarn.stage'] === 'db.transaction',
        );

      const request = find('ingestion', 'http.server', (s) => s.name === 'POST /v1/events');
      const sourcePublish = find('ingestion', 'outbox.publish', (s) => /source\./.test(s.name));
      const shipmentConsume = find(
        'shipment',
        'consume',
        (c) => / process$/.test(c.name) && under(c, sourcePublish),
      );
      const shipmentBatch = handledIn(shipmentConsume);
      const shipmentPublish = find('shipment', 'outbox.publish', childOf(shipmentConsume));
      const detectorConsume = find(
        'exception-detector',
        'consume',
        (c) => /shipments process$/.test(c.name) && under(c, shipmentPublish),
      );
      const casePublish = find('exception-detector', 'outbox.publish', childOf(detectorConsume));
      const notificationConsume = find(
        'notification',
        'consume',
        (c) => /shipments process$/.test(c.name) && under(c, shipmentPublish),
      );
      const send = find('notification', 'notice.send', childOf(notificationConsume));
      // The send's trace context is stored with its outbox row (c0e84b4: taken in the send's
      // span, since the record may run in another send's group), so the publish is under it.
      const sentPublish = find(
        'notification',
        'outbox.publish',
        (s) => /notifications/.test(s.name) && under(s, send),
      );
      const checks: [string, unknown][] = [
        ['ingestion request continuing the caller', request?.parentSpanId === CALLER_SPAN],
        ['ingestion publishes the source event', sourcePublish],
        ['shipment consumes it', shipmentConsume],
        ['shipment decodes it', find('shipment', 'decode', childOf(shipmentConsume))],
        ['shipment handles it in a batch', shipmentBatch],
        ['shipment writes in a transaction', txUnder(shipmentBatch)],
        ['shipment publishes its event', shipmentPublish],
        ['detector consumes the shipment event', detectorConsume],
        [
          'detector runs its rules on it',
          all.find(
            (d) =>
              d.service === 'exception-detector' &&
              d.attributes['forewarn.stage'] === 'detect' &&
              under(d, detectorConsume),
          ),
        ],
        ['detector publishes the case', casePublish],
        // The order service folds shipments into its orders: its spans arrive in their own
        // export batch, so the hop is waited for like every other, not asserted after.
        [
          'order folds the shipment event into the order',
          find('order', 'consume', (c) => under(c, shipmentPublish)),
        ],
        ['notification consumes the shipment event', notificationConsume],
        ['notification sends the notice', send && send.statusCode !== 2],
        ['notification publishes notification.sent', sentPublish],
      ];
      return checks.filter(([, ok]) => !ok).map(([what]) => what);
    };
    await until('every hop in the trace', async () => missing().length === 0).catch(
      () => undefined,
    );
    expect(missing()).toEqual([]);
    expect(
      new Set(receiver.spans.filter((s) => s.traceId === TRACE_ID).map((s) => s.service)),
    ).toEqual(new Set(['ingestion', 'order', 'shipment', 'exception-detector', 'notification']));
    expect(receiver.rejected).toEqual([]);
  });
});
