import { tenancySweep } from '@forewarn/http/testing';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/scenarios/builders.js';
import { processedAtLeast, produce, startDetector, testClock } from '../testing/harness.js';

const KEYS = {
  acme: 'sweep-acme-key-0123456789',
  csr: 'sweep-csr-key-0123456789a',
};
const API_KEYS = JSON.stringify([
  { key: KEYS.acme, role: 'customer', customerId: 'C-sweepa' },
  { key: KEYS.csr, role: 'csr', name: 'csr-sweep' },
]);

/**
 * The detector's API, swept route by route with customer A's key against customer B's cases (a
 * past defect let one customer's key open another's case): every route the app registers, the
 * console's included, so a route added later cannot be left out.
 */
describe('detector API tenancy sweep (integration: every route, as customer A, against B)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  const clock = testClock('2025-03-06T14:00:00Z');
  const a = b.story('sweepa');
  const theirs = b.story('sweepb');
  const caseOf = async (customerId: string) =>
    (
      await svc.ctx.pool.query<{ case_id: string }>(
        'SELECT case_id FROM cases WHERE customer_id = $1 ORDER BY opened_at LIMIT 1',
        [customerId],
      )
    ).rows[0]?.case_id;

  beforeAll(async () => {
    env = await createTestEnv('detector-sweep');
    svc = await startDetector(env, clock.now, { API_KEYS });
    producer = env.kafka.producer();
    await producer.connect();
    // Each customer's shipment hits a carrier exception: one open case each.
    await produce(
      producer,
      env.prefix,
      [a, theirs].flatMap((s) => [
        b.orderStatus(s, '2025-03-05T20:00:00Z', { status: 'shipped' }),
        b.shipmentStatus(s, '2025-03-05T20:00:00Z'),
        b.exceptionScanned(s, '2025-03-06T13:00:00Z', { exceptionReason: 'address_problem' }),
      ]),
    );
    await processedAtLeast(svc, 6);
    await eventually(
      async () => ((await caseOf('C-sweepa')) && (await caseOf('C-sweepb')) ? true : undefined),
      { what: 'a case for each customer', timeoutMs: 30_000 },
    );
  }, 90_000);

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it("gives C-sweepa's key nothing of C-sweepb on any route", async () => {
    const side = async (s: b.StoryIds) => ({
      customerId: s.customerId,
      orderId: s.orderId,
      shipmentId: s.shipmentId,
      caseId: (await caseOf(s.customerId))!,
      jobId: `job-${s.customerId}`,
    });
    const { swept, failures } = await tenancySweep(svc.app, {
      key: KEYS.acme,
      staffKey: KEYS.csr,
      ours: await side(a),
      theirs: await side(theirs),
      markers: [theirs.trackingNumber, `PO-${theirs.orderId}`],
      routes: {
        'POST /v1/requests': {
          payload: (s) => ({
            requestId: `req-${s.customerId}`,
            requestType: 'track_parcel',
            customerId: s.customerId,
            orderId: s.orderId,
          }),
        },
        'GET /console': { open: 'public' },
        'GET /console/*': { open: 'public' },
        'GET /console/vendor/*': { open: 'public' },
      },
    });
    expect(failures).toEqual([]);
    expect(swept).toHaveLength(svc.app.routeAccess().length);
  });
});
