import { TOPIC, encodeEvent, keyFor } from '@forewarn/contracts';
import { samplePickCompleted } from '@forewarn/contracts/fixtures';
import type { ConsumerHandle } from '@forewarn/kafka';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusingShipmentConsumer, startHarness, type Harness } from '../testing/harness.js';

const keys = {
  ops: 'dl-ops-key-0123456789abcdef',
  lead: 'dl-lead-key-0123456789abcdef',
  csr: 'dl-csr-key-0123456789abcdef',
};

interface Group {
  group: string;
  unsettled: number;
  entries: {
    id: string;
    reason: string | null;
    error: string | null;
    eventId: string | null;
    payload: { format: string; value: unknown };
    settled: { toTopic: string | null; discarded?: boolean; by?: string } | null;
  }[];
}

describe('dead letters over HTTP (real Kafka)', () => {
  let h: Harness;
  let consumer: ConsumerHandle | undefined;
  const poison = samplePickCompleted({ eventId: 'dl-poison', payload: { orderId: 'SO-POISON' } });

  const call = async (method: string, path: string, key: string) => {
    const res = await fetch(`${h.svc.url}${path}`, { method, headers: { 'x-api-key': key } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const shipmentGroup = async () =>
    ((await call('GET', '/v1/dead-letters', keys.ops)).body.groups as Group[]).find(
      (g) => g.group === 'shipment',
    )!;

  beforeAll(async () => {
    h = await startHarness('ingestion-dead-letters', {
      API_KEYS: JSON.stringify([
        { key: keys.ops, role: 'ops_manager', name: 'ops-kim' },
        { key: keys.lead, role: 'team_lead', name: 'lead-ann' },
        { key: keys.csr, role: 'csr', name: 'csr-bob' },
      ]),
    });
    consumer = await refusingShipmentConsumer(h.env, 'SO-POISON');
    const producer = h.env.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${h.env.prefix}${TOPIC.wmsFulfilment}`,
      messages: [{ key: keyFor(poison), value: encodeEvent(poison) }],
    });
    await producer.disconnect();
  }, 120_000);

  afterAll(async () => {
    await consumer?.stop();
    await h?.stop();
  });

  it('lists each watched group’s dead letters with reason and original payload, to managers only', async () => {
    const g = await eventually(async () => {
      const x = await shipmentGroup();
      return x.entries.length === 1 ? x : undefined;
    });
    expect(g.unsettled).toBe(1);
    expect(g.entries[0]).toMatchObject({
      reason: 'non-retriable-error',
      error: expect.stringContaining('order SO-POISON is unknown'),
      eventId: 'dl-poison',
      payload: {
        format: 'avro',
        value: { eventId: 'dl-poison', payload: { orderId: 'SO-POISON' } },
      },
      settled: null,
    });
    expect((await call('GET', '/v1/dead-letters', keys.csr)).status).toBe(403);
  });

  it('replays an entry once, for an operations manager only, and discards the one it made again', async () => {
    const [entry] = (await shipmentGroup()).entries;
    const replay = `/v1/dead-letters/shipment/${entry!.id}/replay`;
    expect((await call('POST', replay, keys.lead)).status).toBe(403);
    const done = await call('POST', replay, keys.ops);
    expect(done.status).toBe(200);
    expect(done.body.settled).toMatchObject({
      toTopic: `${h.env.prefix}${TOPIC.wmsFulfilment}`,
      by: 'ops-kim (ops_manager)',
    });
    const again = await call('POST', replay, keys.ops);
    expect([again.status, again.body.code]).toEqual([409, 'DEAD_LETTER_SETTLED']);

    // The stand-in still refuses the order: the replayed copy is dead-lettered again.
    const second = await eventually(async () => {
      const g = await shipmentGroup();
      return g.entries.length === 2 ? g.entries.find((e) => e.id !== entry!.id) : undefined;
    });
    expect(second).toMatchObject({ eventId: 'dl-poison', settled: null });
    const discarded = await call(
      'POST',
      `/v1/dead-letters/shipment/${second!.id}/discard`,
      keys.ops,
    );
    expect(discarded.body.settled).toMatchObject({ discarded: true, toTopic: null });
    const g = await shipmentGroup();
    expect(g.unsettled).toBe(0);
    expect((await call('POST', '/v1/dead-letters/nobody/0:0/discard', keys.ops)).status).toBe(404);
  }, 60_000);
});
