import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type Io } from '@forewarn/cli';
import { TOPIC } from '@forewarn/contracts';
import { samplePackCompleted, samplePickCompleted } from '@forewarn/contracts/fixtures';
import { DEFAULT_MAPPING_DIR } from '@forewarn/edi';
import type { ConsumerHandle } from '@forewarn/kafka';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, refusingShipmentConsumer, startHarness, type Harness } from './testing/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'forewarn-cli-'));
const file = (name: string, lines: unknown[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return path;
};
const sampleFile = (name: string) =>
  fileURLToPath(new URL(`../samples/${name}`, `file://${DEFAULT_MAPPING_DIR}`));

let h: Harness;
let cli: (...argv: string[]) => Promise<{ code: number; out: string[]; err: string[] }>;
beforeAll(async () => {
  h = await startHarness('ingestion-cli', {
    // Always expected: a feed never heard from is stalled whatever day and hour the test runs.
    FEED_POLICIES: JSON.stringify({
      'erp:never-seen': {
        stallMinutes: 5,
        activeHours: '00:00-24:00',
        days: [1, 2, 3, 4, 5, 6, 7],
      },
    }),
  });
  cli = async (...argv) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { KAFKA_BROKERS: h.env.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: h.env.prefix },
    };
    return { code: await run(argv, io), out, err };
  };
});
afterAll(async () => {
  await h?.stop();
});

// Out of order (pack before pick) and with a repeated delivery of the pick.
const pick = samplePickCompleted({ eventId: 'wms-pick-1' });
const pack = samplePackCompleted({ eventId: 'wms-pack-1' });
const poison = samplePickCompleted({ eventId: 'wms-bad', payload: { orderId: 'SO-POISON' } });

describe('forewarn validate', () => {
  it('reports every invalid line with its line number and issues, exit 1', async () => {
    const bad = { ...pick, payload: { ...pick.payload, lines: [{ lineNo: 0 }] } };
    const res = await cli('validate', file('mixed.jsonl', [pack, '', bad, '{not json', pick]));
    expect(res.code).toBe(1);
    expect(res.out[0]).toMatch(/mixed\.jsonl:3: payload\.lines\.0\.lineNo: /);
    expect(res.out.some((l) => /mixed\.jsonl:4: not JSON/.test(l))).toBe(true);
    expect(res.err.at(-1)).toMatch(/^2 valid events, 2 invalid lines/);
  });

  it('exits 0 for valid JSONL and EDI, 1 for malformed EDI, 1 for a type mismatch, 2 for bad usage', async () => {
    expect((await cli('validate', file('ok.jsonl', [pack, pick]))).code).toBe(0);
    expect((await cli('validate', sampleFile('856-atl-two-orders-partial.edi'))).code).toBe(0);
    const dhl = readFileSync(sampleFile('214-dhl-customs-hold.edi'), 'utf8');
    const broken = file('broken.edi', [dhl.replace('SE|14|1001', 'SE|13|1001')]);
    const ediRes = await cli('validate', broken);
    expect(ediRes.code).toBe(1);
    expect(ediRes.out[0]).toMatch(/element SE-01: SE-01 segment count says 13, counted 14/);
    expect(
      (await cli('validate', file('typed.jsonl', [pack]), '--type', 'wms.pick.completed')).code,
    ).toBe(1);
    expect((await cli('validate')).code).toBe(2);
    expect((await cli('validate', '/no/such/file')).code).toBe(2);
  });
});

describe('forewarn publish', () => {
  it('publishes straight to Kafka after validating, and refuses a file with any invalid line', async () => {
    const res = await cli('publish', file('wms.jsonl', [pack, pick, pick, poison]));
    expect(res.code).toBe(0);
    expect(res.out).toEqual(['published 4']);
    const refused = await cli(
      'publish',
      file('wms-bad.jsonl', [pack, { type: 'wms.pick.completed' }]),
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('nothing was published');
  });

  it('goes through the ingestion service with --via-http, idempotently', async () => {
    const path = sampleFile('214-dhl-customs-hold.edi');
    const first = await cli('publish', path, '--via-http', h.svc.url, '--api-key', KEYS.dhl);
    expect(first).toMatchObject({ code: 0, out: ['accepted 3, duplicates 0'] });
    const second = await cli('publish', path, '--via-http', h.svc.url, '--api-key', KEYS.dhl);
    expect(second).toMatchObject({ code: 0, out: ['accepted 0, duplicates 3'] });
    const wrongKey = await cli('publish', path, '--via-http', h.svc.url, '--api-key', KEYS.erp);
    expect(wrongKey.code).toBe(1);
  });

  it('exits 3 when the broker is unreachable', async () => {
    expect((await cli('publish', file('one.jsonl', [pack]), '--brokers', '127.0.0.1:1')).code).toBe(
      3,
    );
  });
});

describe('dead letters and feed health', () => {
  let consumer: ConsumerHandle | undefined;
  afterAll(async () => {
    await consumer?.stop();
  });

  it('lists a consumer’s dead letter and re-drives the fixed event once', async () => {
    consumer = await refusingShipmentConsumer(h.env, 'SO-POISON');
    const listed = await eventually(async () => {
      const res = await cli('dlq', 'list', 'shipment', '--json');
      return res.out.length === 1 ? res : undefined;
    });
    const entry = JSON.parse(listed.out[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      reason: 'non-retriable-error',
      error: expect.stringContaining('order SO-POISON is unknown'),
      source: { topic: `${h.env.prefix}${TOPIC.wmsFulfilment}` },
      eventId: 'wms-bad',
      payload: { format: 'avro', value: { eventId: 'wms-bad', payload: { orderId: 'SO-POISON' } } },
    });
    const fixed = { ...poison, payload: { ...poison.payload, orderId: 'SO-1001' } };
    const redrive = await cli(
      'dlq',
      'redrive',
      'shipment',
      '--all',
      '--file',
      file('fixed.jsonl', [fixed]),
    );
    expect(redrive.code).toBe(0);
    expect(redrive.out).toEqual([
      `${entry.id as string} → ${h.env.prefix}${TOPIC.wmsFulfilment} (fixed)`,
    ]);
    const again = await cli('dlq', 'redrive', 'shipment', '--offset', entry.id as string);
    expect(again.err[0]).toMatch(/already re-driven/);
    const ids = await eventually(async () => {
      const on = await h.eventIdsOn(TOPIC.wmsFulfilment);
      return on.length === 5 ? on : undefined;
    });
    // The CLI path is plain Kafka: the repeated pick is there twice, the fix once more.
    expect(ids.filter((i) => i === 'wms-bad')).toHaveLength(2);
  });

  it('reports per-source feed health over the API and as Prometheus metrics', async () => {
    const auth = { headers: { 'x-api-key': KEYS.ops } };
    const wms = await eventually(
      async () => {
        const res = await fetch(`${h.svc.url}/v1/feeds/wms:manhattan`, auth);
        const body = (await res.json()) as { eventsTotal: number; dlqTotal: number };
        return body.eventsTotal === 5 && body.dlqTotal === 1 ? body : undefined;
      },
      { timeoutMs: 20_000, what: 'wms feed counts' },
    );
    expect(wms).toMatchObject({
      source: 'wms:manhattan',
      lastOccurredAt: '2025-03-04T13:00:00.000Z',
      stalled: false,
      rejectRate: 0.2,
    });
    const dhl = (await (await fetch(`${h.svc.url}/v1/feeds/carrier:dhl`, auth)).json()) as Record<
      string,
      unknown
    >;
    expect(dhl).toMatchObject({ eventsTotal: 3, rejectsTotal: 0 });
    const erp = (await (await fetch(`${h.svc.url}/v1/feeds/erp:sap-prod`, auth)).json()) as Record<
      string,
      unknown
    >;
    // The three DHL events the ERP key tried to publish were refused and count against its feed.
    expect(erp).toMatchObject({ eventsTotal: 0, rejectsTotal: 3 });
    const all = (await (await fetch(`${h.svc.url}/v1/feeds`, auth)).json()) as {
      feeds: { source: string; stalled: boolean }[];
    };
    expect(all.feeds.find((f) => f.source === 'erp:never-seen')).toMatchObject({ stalled: true });
    const own = await fetch(`${h.svc.url}/v1/feeds/wms:manhattan`, {
      headers: { 'x-api-key': KEYS.dhl },
    });
    expect(own.status).toBe(404);
    const metrics = await (await fetch(`${h.svc.url}/metrics`)).text();
    expect(metrics).toMatch(/^forewarn_feed_events_total\{source="wms:manhattan"[^}]*\} 5$/m);
    expect(metrics).toMatch(
      /^forewarn_feed_rejects_total\{source="wms:manhattan",stage="dlq"[^}]*\} 1$/m,
    );
    expect(metrics).toMatch(
      /^forewarn_feed_last_event_timestamp_seconds\{source="carrier:dhl"[^}]*\} 1741\d+$/m,
    );
  });
});
