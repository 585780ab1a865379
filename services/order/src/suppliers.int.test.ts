import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurchasingEvent } from './domain/purchase-order.js';
import { acked, issued, received } from './testing/fixtures.js';
import { KEYS, produce, startOrderService } from './testing/harness.js';

/** The service's clock stands still here, so the rolling windows are fixed. */
const NOW = '2025-03-10T12:00:00.000Z';

// PumpCo: one on time in full (ack 2 h), one with 2 pumps rejected (ack 30 h).
// Bolt Bros: one short and never topped up (no ack), past due.
const story: PurchasingEvent[] = [
  issued('PUR-1', 'SUP-PUMPCO', 'PumpCo'),
  acked('PUR-1', 'SUP-PUMPCO', '2025-03-03T12:00:00Z'),
  received('PUR-1', 'SUP-PUMPCO', '2025-03-07T09:00:00Z', 500),
  issued('PUR-2', 'SUP-PUMPCO', 'PumpCo'),
  acked('PUR-2', 'SUP-PUMPCO', '2025-03-04T16:00:00Z'),
  received('PUR-2', 'SUP-PUMPCO', '2025-03-06T09:00:00Z', 500, 2),
  issued('PUR-3', 'SUP-BOLTS', 'Bolt Bros'),
  received('PUR-3', 'SUP-BOLTS', '2025-03-07T15:00:00Z', 300),
];

interface Card {
  supplierId: string;
  purchaseOrders: number;
  onTimeInFull: number | null;
  defectRate: number | null;
  leadTimeAdherence: number | null;
  medianAckHours: number | null;
  ackWithinTarget: number | null;
  open: number;
  rolling: { days: number; purchaseOrders: number }[];
}

describe('supplier scorecards (integration: real broker and database)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  const get = (path: string, key = KEYS.admin) =>
    fetch(`${svc.url}${path}`, { headers: { 'x-api-key': key } });
  const cards = async (): Promise<Card[]> =>
    ((await (await get('/v1/suppliers/scorecards?days=7')).json()) as { suppliers: Card[] })
      .suppliers;
  const storedEvents = async () =>
    Number(
      (await svc.ctx.pool.query<{ n: string }>('SELECT count(*) AS n FROM purchasing_events'))
        .rows[0]!.n,
    );

  beforeAll(async () => {
    env = await createTestEnv('order-suppliers');
    svc = await startOrderService(env, { CLOCK_SIM_ANCHOR: NOW, CLOCK_SIM_END: NOW });
    producer = env.kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('turns purchase orders, acknowledgements and receipts into scorecards', async () => {
    // Receipts before their issue events: the fold puts every event in its place.
    await produce(producer, env.prefix, [...story].reverse());
    // Every event stored (the projection is written in the same transaction), not merely two
    // cards: a card with its first purchase order alone looks settled too.
    await eventually(async () => ((await storedEvents()) === story.length ? true : undefined), {
      what: `all ${story.length} purchasing events stored`,
      timeoutMs: 60_000,
    });
    const [bolts, pumps] = await cards();
    expect(bolts).toMatchObject({
      supplierId: 'SUP-BOLTS',
      purchaseOrders: 1,
      onTimeInFull: 0,
      defectRate: 0,
      leadTimeAdherence: 1,
      medianAckHours: null,
      ackWithinTarget: 0,
      open: 1,
    });
    expect(pumps).toMatchObject({
      supplierId: 'SUP-PUMPCO',
      purchaseOrders: 2,
      onTimeInFull: 0.5,
      leadTimeAdherence: 1,
      medianAckHours: (2 + 30) / 2,
      ackWithinTarget: 0.5,
      open: 1,
    });
    expect(pumps!.defectRate).toBeCloseTo(2 / 1020);
    expect(pumps!.rolling.map((r) => r.purchaseOrders)).toEqual([2, 2, 2]);
  });

  it('counts a redelivered stream once', async () => {
    const before = await cards();
    const stored = await storedEvents();
    // The same events again, then one new purchase order behind them: once it shows, the
    // redeliveries ahead of it on the topic have been consumed.
    await produce(producer, env.prefix, story);
    await produce(producer, env.prefix, [issued('PUR-4', 'SUP-NEW', 'Newco')]);
    await eventually(
      async () => ((await cards()).some((c) => c.supplierId === 'SUP-NEW') ? true : undefined),
      { what: 'the marker purchase order', timeoutMs: 60_000 },
    );
    expect(await storedEvents()).toBe(stored + 1);
    const after = (await cards()).filter((c) => c.supplierId !== 'SUP-NEW');
    expect(after).toEqual(before);
  });

  it("serves one supplier's purchase orders, refuses CSRs and answers 404 for an unknown supplier", async () => {
    const res = await get('/v1/suppliers/SUP-PUMPCO/scorecard?days=30');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      scorecard: Card;
      purchaseOrders: { poNumber: string; onTimeInFull: boolean | null; rejectedUnits: number }[];
    };
    expect(body.scorecard.purchaseOrders).toBe(2);
    expect(
      body.purchaseOrders.map((p) => [p.poNumber, p.onTimeInFull, p.rejectedUnits]).sort(),
    ).toEqual([
      ['PUR-1', true, 0],
      ['PUR-2', false, 2],
    ]);
    expect((await get('/v1/suppliers/scorecards', KEYS.csr)).status).toBe(403);
    const missing = await get('/v1/suppliers/SUP-NONE/scorecard');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('SUPPLIER_NOT_FOUND');
  });
});
