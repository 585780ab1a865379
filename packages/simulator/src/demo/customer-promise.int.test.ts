import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeEvent, eventTypeByName, keyFor, type SourceEvent } from '@forewarn/contracts';
import {
  sampleEtaUpdated,
  sampleOrderCreated,
  sampleProofOfDeliveryRecorded,
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type RunningProcesses } from './processes.js';
import { startDeliverySinks, type DeliverySinks } from './sinks.js';

// The customer promise end to end, on the real services as separate processes, the real broker
// and database: a carrier ETA past the promise opens a case AND tells the customer; the ETA
// coming back closes the case and says "back on track"; shipped, out-for-delivery and delivered
// notices flow. The events are written here from the contract, not by the simulator.

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const OPS_KEY = 'promise-ops-key-0000000001';
const CUSTOMER = 'C-PROMISE';
const ORDER = 'SO-PROMISE-1';
const SHIPMENT = 'SHP-PROMISE-1';
const PARCEL = '1ZPROMISE0000001';

const HOUR = 3_600_000;
const now = Date.now();
const at = (hours: number) => new Date(now + hours * HOUR).toISOString();
/** The local date in New York of an instant `hours` from now. */
const nyDate = (hours: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
    new Date(now + hours * HOUR),
  );

interface Notice {
  template: string;
  channel: string;
  status: string;
}
interface CaseItem {
  caseType: string;
  status: string;
}

describe('the customer hears it from us first (integration: real services, broker and database)', () => {
  let env: TestEnv;
  let procs: RunningProcesses | undefined;
  let sinks: DeliverySinks | undefined;
  let producer: Producer;
  const urls: Record<string, string> = {};

  const get = async <T>(service: string, p: string): Promise<T | undefined> => {
    const res = await fetch(`${urls[service]}${p}`, { headers: { 'x-api-key': OPS_KEY } });
    return res.ok ? ((await res.json()) as T) : undefined;
  };
  const notices = async () =>
    (await get<{ notices: Notice[] }>('notification', `/v1/notices?customerId=${CUSTOMER}`))
      ?.notices ?? [];
  /** The sent notices of one trigger; undefined until there is one, so `until` waits for it. */
  const sent = async (template: string) => {
    const found = (await notices()).filter((n) => n.template === template && n.status === 'sent');
    return found.length > 0 ? found : undefined;
  };
  const delayCase = async () =>
    (
      await get<{ items: CaseItem[] }>('exception-detector', '/v1/cases?status=all&limit=200')
    )?.items.find((c) => c.caseType === 'carrier_delay');
  const until = <T>(what: string, check: () => Promise<T | undefined | false>) =>
    eventually(async () => (await check()) || undefined, { what, timeoutMs: 60_000 });
  const publish = async (...events: SourceEvent[]) => {
    for (const e of events) {
      await producer.send({
        topic: `${env.prefix}${eventTypeByName(e.type)!.topic}`,
        messages: [{ key: keyFor(e), value: encodeEvent(e) }],
      });
    }
  };

  beforeAll(async () => {
    env = await createTestEnv('promise');
    sinks = await startDeliverySinks();
    const dir = await mkdtemp(path.join(tmpdir(), 'promise-'));
    const seed = path.join(dir, 'contacts.json');
    await writeFile(
      seed,
      JSON.stringify({
        customers: [
          {
            customerId: CUSTOMER,
            name: 'Corner Hardware',
            contacts: [
              {
                contactId: 'K-PROMISE-1',
                name: 'Dana Buyer',
                email: 'dana@corner-hardware.example',
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
      ]),
      LOG_LEVEL: 'info',
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
    const names = ['order', 'shipment', 'exception-detector', 'notification'];
    const specs = [];
    for (const name of names) {
      const port = await freePort();
      specs.push({
        name,
        port,
        env: Object.fromEntries(
          Object.entries({ ...common, ...(specific[name] ?? {}) }).filter(
            (e): e is [string, string] => e[1] !== undefined,
          ),
        ),
      });
    }
    procs = await startServices(root, dir, specs);
    Object.assign(urls, procs.urls);
    producer = env.kafka.producer();
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await procs?.stop();
    await sinks?.close();
    await env?.cleanup();
  });

  it('tells the customer every change of the shipment, and a late ETA opens a case and a notice together', async () => {
    const refs = { customerId: CUSTOMER, orderId: ORDER, poNumber: 'PO-PROMISE' };
    const shipRefs = { ...refs, shipmentId: SHIPMENT, trackingNumbers: [PARCEL] };
    const parcel = { trackingNumber: PARCEL, carrier: 'ups' };
    const tracking = { trackingNumbers: [PARCEL], poNumber: 'PO-PROMISE' };
    // Promised: ship by tomorrow's cut-off, deliver by the end of the day after tomorrow + 1.
    await publish(
      sampleOrderCreated({
        occurredAt: at(-48),
        refs,
        payload: {
          orderId: ORDER,
          customerId: CUSTOMER,
          customerName: 'Corner Hardware',
          customerTier: 'retail',
          poNumber: 'PO-PROMISE',
          orderedAt: at(-48),
          requestedShipDate: nyDate(24),
          promisedShipDate: nyDate(24),
          promisedDeliveryDate: nyDate(72),
          timezone: 'America/New_York',
        },
      }),
    );
    await until('the order confirmed to the customer', () => sent('order.confirmed'));

    await publish(
      sampleShipmentConfirmed({
        occurredAt: at(-1),
        refs: shipRefs,
        payload: {
          shipmentId: SHIPMENT,
          orderId: ORDER,
          trackingNumbers: [PARCEL],
          shippedAt: at(-1),
          cartons: [
            {
              cartonId: 'CTN-P1',
              trackingNumber: PARCEL,
              weightGrams: 5_000,
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
    );
    const [shipped] = await until('the shipped notice', () => sent('shipment.shipped'));
    expect(shipped).toMatchObject({ channel: 'email' });

    // The carrier pushes the ETA two days past the promise: a case AND a notice.
    await publish(
      sampleEtaUpdated({
        occurredAt: at(-0.4),
        refs: tracking,
        payload: { ...parcel, newEta: at(24 * 6), previousEta: at(48), reason: 'weather' },
      }),
    );
    await until('the delay case open', async () => (await delayCase())?.status === 'open');
    const [delayed] = await until('the delay notice', () => sent('shipment.delayed'));
    expect(delayed).toMatchObject({ channel: 'email' });

    // Back within the promise: the case resolves by itself and the customer hears it.
    await publish(
      sampleEtaUpdated({
        occurredAt: at(-0.3),
        refs: tracking,
        payload: { ...parcel, newEta: at(50), previousEta: at(24 * 6), reason: null },
      }),
    );
    await until('the delay case resolved', async () => (await delayCase())?.status === 'resolved');
    await until('the back-on-track notice', () => sent('shipment.back_on_track'));

    await publish(
      sampleTrackingScanned({
        occurredAt: at(-0.2),
        refs: tracking,
        payload: { ...parcel, status: 'out_for_delivery', scannedAt: at(-0.2) },
      }),
      sampleProofOfDeliveryRecorded({
        occurredAt: at(-0.1),
        refs: tracking,
        payload: { ...parcel, deliveredAt: at(-0.1), signedBy: 'D. BUYER' },
      }),
    );
    await until('the out-for-delivery notice', () => sent('shipment.out_for_delivery'));
    await until('the delivered notice', () => sent('shipment.delivered'));

    // Each notice once per contact and channel, and every one reached the mail server.
    const all = (await notices()).filter((n) => n.status === 'sent');
    const counts = new Map<string, number>();
    for (const n of all) counts.set(n.template, (counts.get(n.template) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      'order.confirmed': 1,
      'shipment.shipped': 1,
      'shipment.delayed': 1,
      'shipment.back_on_track': 1,
      'shipment.out_for_delivery': 1,
      'shipment.delivered': 1,
    });
    expect(sinks?.received.email).toBe(all.length);
  }, 300_000);
});
