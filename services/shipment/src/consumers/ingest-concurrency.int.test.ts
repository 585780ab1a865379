import type { ForewarnEvent } from '@forewarn/contracts';
import { sampleShipmentConfirmed, sampleTrackingScanned } from '@forewarn/contracts/fixtures';
import type { ConsumedMessage } from '@forewarn/kafka';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SILENCE_POLICY } from '../domain/silence.js';
import type { ShipmentSourceEvent } from '../domain/types.js';
import { startShipments, type Shipments } from '../testing/harness.js';
import { createIngest } from './ingest.js';

let offset = 0;
const message = (
  event: ShipmentSourceEvent,
  partition: number,
): ConsumedMessage<ForewarnEvent> => ({
  topic: 'source.carrier.tracking',
  partition,
  offset: String(offset++),
  key: null,
  value: event,
  headers: {},
  timestamp: 0,
  attempt: 1,
  raw: {} as ConsumedMessage['raw'],
});

/** A shipment of two parcels: its confirm, and a delivered scan per parcel. */
function twoParcels(n: number) {
  const shipmentId = `SHP-PAIR-${n}`;
  const [a, b] = [`1ZPAIRA${n}`, `1ZPAIRB${n}`];
  const confirm = sampleShipmentConfirmed({
    occurredAt: '2025-03-05T15:00:00Z',
    refs: { shipmentId, orderId: `SO-PAIR-${n}`, trackingNumbers: [a, b] },
    payload: {
      shipmentId,
      orderId: `SO-PAIR-${n}`,
      trackingNumbers: [a, b],
      shippedAt: '2025-03-05T15:00:00Z',
      cartons: [
        { cartonId: `CT-${n}-1`, trackingNumber: a, lines: [{ lineNo: 1, sku: 'SKU-A', qty: 1 }] },
        { cartonId: `CT-${n}-2`, trackingNumber: b, lines: [{ lineNo: 2, sku: 'SKU-B', qty: 1 }] },
      ],
    },
  });
  const delivered = (tn: string, at: string) =>
    sampleTrackingScanned({
      occurredAt: at,
      refs: { trackingNumbers: [tn] },
      payload: { trackingNumber: tn, status: 'delivered', scannedAt: at },
    });
  return {
    shipmentId,
    confirm,
    deliveredA: delivered(a, '2025-03-06T16:00:00Z'),
    deliveredB: delivered(b, '2025-03-06T16:01:00Z'),
  };
}

describe('shipment ingestion, two parcels of one shipment on two partitions (integration: real database)', () => {
  let env: TestEnv;
  let svc: Shipments;

  beforeAll(async () => {
    env = await createTestEnv('shipment-pairs');
    svc = await startShipments(env, { now: () => new Date('2025-01-01T00:00:00Z') });
  });
  afterAll(async () => {
    await svc?.stop();
    await env?.cleanup();
  });

  it('given both parcels delivered in batches handled at the same time, then every shipment is delivered (no lost update)', async () => {
    const ingest = createIngest({
      pool: svc.ctx.pool,
      policy: DEFAULT_SILENCE_POLICY,
      now: () => new Date('2025-01-01T00:00:00Z'),
      sentAt: () => new Date('2025-01-01T00:00:00Z'),
    });
    const pairs = Array.from({ length: 12 }, (_, i) => twoParcels(i));
    await ingest(pairs.map((p) => message(p.confirm, 0)));
    await Promise.all(
      pairs.flatMap((p) => [
        ingest([message(p.deliveredA, 1)]),
        ingest([message(p.deliveredB, 2)]),
      ]),
    );
    const { rows } = await svc.ctx.pool.query<{ shipment_id: string; status: string }>(
      `SELECT shipment_id, status FROM shipments WHERE shipment_id LIKE 'SHP-PAIR-%' ORDER BY 1`,
    );
    expect(rows).toHaveLength(pairs.length);
    expect(rows.filter((r) => r.status !== 'delivered')).toEqual([]);
  });
});
