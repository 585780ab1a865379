import { randomUUID } from 'node:crypto';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, PROTOTYPE_KEYS, strangeValue, type TestEnv } from '@forewarn/testkit';
import fc from 'fast-check';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_TYPES } from '../domain/cases/customer-request.js';
import * as b from '../testing/scenarios/builders.js';
import { processedAtLeast, produce, startDetector, testClock } from '../testing/harness.js';

const keys = { customer: 'fuzz-customer-key-0123456', lead: 'fuzz-lead-key-0123456789' };
const FIELDS = [
  'requestId',
  'requestType',
  'customerId',
  'orderId',
  'shipmentId',
  'trackingNumber',
  'poNumber',
  'message',
];

describe('POST /v1/requests fuzzed: answered 200 or 4xx, never a 5xx (real database and broker)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  const clock = testClock('2025-03-06T14:00:00Z');
  const s = b.story('fuzz');

  const post = async (key: string, payload: string) => {
    const res = await svc.app.inject({
      method: 'POST',
      url: '/v1/requests',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      payload,
    });
    return res.statusCode;
  };
  /** A request that would be valid, then each chosen field dropped, retyped or renamed. */
  const mutatedRequest = fc
    .record({
      requestType: fc.constantFrom(...REQUEST_TYPES),
      key: fc.constantFrom(keys.customer, keys.lead),
      edits: fc.array(
        fc.record({
          field: fc.oneof(fc.constantFrom(...FIELDS), fc.constantFrom(...PROTOTYPE_KEYS)),
          kind: fc.constantFrom('drop', 'set', 'rename'),
          value: strangeValue,
          to: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 10 })),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ requestType, key, edits }) => {
      const body: Record<string, unknown> = {
        requestId: `rq-fuzz-${randomUUID()}`,
        requestType,
        customerId: s.customerId,
        orderId: s.orderId,
        message: 'Where is my order?',
      };
      const setOwn = (k: string, v: unknown) =>
        Object.defineProperty(body, k, { value: v, enumerable: true, configurable: true });
      for (const e of edits) {
        const was = body[e.field];
        if (e.kind !== 'set') delete body[e.field];
        if (e.kind === 'set') setOwn(e.field, e.value);
        if (e.kind === 'rename') setOwn(e.to, was);
      }
      return { key, payload: JSON.stringify(body) };
    });

  beforeAll(async () => {
    env = await createTestEnv('detector-requests-fuzz');
    svc = await startDetector(env, clock.now, {
      API_KEYS: JSON.stringify([
        { key: keys.customer, role: 'customer', customerId: s.customerId },
        { key: keys.lead, role: 'team_lead', name: 'lead-fuzz' },
      ]),
    });
    producer = env.kafka.producer();
    await producer.connect();
    await produce(producer, env.prefix, [
      b.orderStatus(s, '2025-03-05T20:00:00Z', { status: 'allocated', customerTier: 'retail' }),
    ]);
    await processedAtLeast(svc, 1);
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('mutated requests (dropped, retyped, renamed fields; huge, unicode, prototype keys)', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(mutatedRequest, async ({ key, payload }) => {
        const status = await post(key, payload);
        seen.add(status);
        expect(
          status === 200 || (status >= 400 && status < 500),
          `${status}: ${payload.slice(0, 300)}`,
        ).toBe(true);
      }),
      { numRuns: 150, seed: 1409 },
    );
    // The fuzz reached both sides: some mutants are still a valid request, most are not.
    expect(seen.has(200)).toBe(true);
    expect([...seen].some((st) => st >= 400)).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  }, 60_000);

  it('bodies that are not a request at all', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.json({ maxDepth: 3 }),
      fc.constantFrom('{"requestId":', 'null', '[]', '{"__proto__":{"customerId":"x"}}'),
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const status = await post(keys.lead, payload);
        expect(status >= 400 && status < 500, `${status}: ${payload.slice(0, 200)}`).toBe(true);
      }),
      { numRuns: 60, seed: 1410 },
    );
  }, 60_000);

  it('still answers a valid request after the fuzzing', async () => {
    const status = await post(
      keys.customer,
      JSON.stringify({
        requestId: 'rq-fuzz-final',
        requestType: REQUEST_TYPES[0],
        customerId: s.customerId,
        orderId: s.orderId,
      }),
    );
    expect(status).toBe(200);
  });
});
