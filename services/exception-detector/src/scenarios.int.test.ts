import { TOPIC, encodeEvent, keyFor } from '@forewarn/contracts';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectorConsumers } from './consumers/detector-consumer.js';
import {
  allCases,
  outboxTypes,
  processedAtLeast,
  produce,
  startDetector,
  testClock,
  timersSettled,
} from './testing/harness.js';
import * as b from './testing/scenarios/builders.js';
import { buildScenarios, type ExpectedCase } from './testing/scenarios/scenarios.js';
import { customerOf, sortExpected, summarize, timeline } from './testing/scenarios/timeline.js';

describe('exception detector on the real stack (Kafka + PostgreSQL, injected clock)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  const clock = testClock('2025-03-03T00:00:00Z');
  const scenarios = buildScenarios('i');
  const allEvents = scenarios.flatMap((s) => s.steps.flatMap((st) => st.events));
  const results = new Map<string, ExpectedCase[]>();
  let produced = 0;

  beforeAll(async () => {
    env = await createTestEnv('detector-scenarios');
    svc = await startDetector(env, clock.now);
    producer = env.kafka.producer();
    await producer.connect();
    for (const tick of timeline(scenarios)) {
      clock.set(tick.at);
      await timersSettled(svc);
      await produce(producer, env.prefix, tick.events);
      produced += tick.events.length;
      await processedAtLeast(svc, produced);
      await timersSettled(svc);
      const cases = await allCases(svc);
      for (const s of tick.ending) results.set(s.key, summarize(cases, customerOf(s), s.expect));
    }
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it.each(scenarios.map((s) => [s.label, s] as const))('scenario: %s', (_label, s) => {
    expect(results.get(s.key)).toEqual(sortExpected(s.expect));
  });

  it('replaying every event creates no duplicate case and emits nothing new', async () => {
    const before = await allCases(svc);
    const outboxBefore = (await svc.ctx.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0]
      .n as number;
    await produce(producer, env.prefix, allEvents);
    const consumed = detectorConsumers('exception-detector').flatMap(({ groupId, topics }) =>
      topics.map((t) => ({ group: `${env.prefix}${groupId}`, topic: `${env.prefix}${t}` })),
    );
    await eventually(
      async () => {
        for (const { group, topic } of consumed) {
          const high = await env.admin.fetchTopicOffsets(topic);
          const [committed] = await env.admin.fetchOffsets({ groupId: group, topics: [topic] });
          for (const p of high) {
            const c = committed?.partitions.find((x) => x.partition === p.partition);
            if (p.high !== '0' && c?.offset !== p.high) return undefined;
          }
        }
        return true;
      },
      { what: 'the replay consumed', timeoutMs: 30_000 },
    );
    const after = await allCases(svc);
    expect(after.map((c) => [c.caseId, c.version])).toEqual(
      before.map((c) => [c.caseId, c.version]),
    );
    expect((await svc.ctx.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(
      outboxBefore,
    );
  });

  it('SLA across a weekend and Memorial Day: first response breaches Tuesday, then L2 and L3 escalations follow', async () => {
    const s = b.story('sla');
    clock.set('2025-05-23T20:30:00Z'); // Friday 16:30 EDT
    const shortLine = {
      lineNo: 1,
      sku: 'SKU-BOLT-M8',
      critical: false,
      unitPrice: { amountMinor: 25, currency: 'USD' },
      orderedQty: 100,
      allocatedQty: 0,
      backorderedQty: 10,
      pickedQty: 0,
      shortQty: 10,
      shippedQty: 0,
      deliveredQty: 0,
    };
    await produce(producer, env.prefix, [
      b.lineShort(s, '2025-05-23T20:30:00Z', {
        promisedShipDate: '2025-06-02',
        source: 'erp_backorder',
        line: shortLine,
        shortQty: 10,
        lineValue: { amountMinor: 250, currency: 'USD' },
      }),
    ]);
    produced += 1;
    await processedAtLeast(svc, produced);
    const opened = (await allCases(svc)).find((c) => c.party.customerId === s.customerId)!;
    // 30 min on Friday, weekend, Monday holiday, 90 min on Tuesday: due Tue 09:30 EDT.
    expect(opened.sla.firstResponseDueAt).toBe('2025-05-27T13:30:00.000Z');

    clock.set('2025-05-26T20:00:00Z'); // Memorial Day afternoon: nothing due yet
    await timersSettled(svc);
    expect(await outboxTypes(svc, opened.caseId)).toEqual(['case.opened']);

    clock.set('2025-05-27T13:31:00Z');
    await timersSettled(svc);
    clock.set('2025-05-27T15:32:00Z'); // the team lead's 2 business hours ran out at 11:31 EDT
    await timersSettled(svc);
    const after = (await allCases(svc)).find((c) => c.caseId === opened.caseId)!;
    expect(after.escalationLevel).toBe('l3');
    expect(await outboxTypes(svc, opened.caseId)).toEqual([
      'case.opened',
      'case.sla-warning',
      'case.sla-breached',
      'case.escalated',
      'case.sla-warning',
      'case.sla-breached',
      'case.escalated',
    ]);
  });

  it('a restart in the middle of a timer window still fires the timer, once', async () => {
    const s = b.story('restart');
    clock.set('2025-06-10T14:00:00Z');
    await produce(producer, env.prefix, [
      b.orderStatus(s, '2025-06-10T14:00:00Z', {
        customerTier: 'retail',
        accountRepId: null,
        promisedShipDate: '2025-06-10',
        promisedDeliveryDate: '2025-06-12',
      }),
    ]);
    produced += 1;
    await processedAtLeast(svc, produced);
    await svc.stop();
    clock.set('2025-06-11T04:30:00Z'); // the promised ship date ended (04:00Z) while we were down
    svc = await startDetector(env, clock.now);
    await timersSettled(svc);
    await new Promise((r) => setTimeout(r, 500)); // a few more polls must not fire it again
    const late = (await allCases(svc)).filter((c) => c.party.customerId === s.customerId);
    expect(late.map((c) => c.caseType)).toEqual(['late_shipment_risk']);
    expect(await outboxTypes(svc, late[0]!.caseId)).toEqual(['case.opened']);
  });

  it('notification.sent from domain.notifications marks the case told, also when it arrives before the case opens', async () => {
    const s = b.story('told');
    clock.set('2025-06-11T13:00:00Z');
    const eta = b.etaChanged(s, '2025-06-11T13:00:00Z', { customerTier: 'retail' });
    await produce(producer, env.prefix, [
      b.shipmentStatus(s, '2025-06-11T12:00:00Z', { customerTier: 'retail' }),
      b.noticeSent(s, '2025-06-11T13:00:30Z', eta),
    ]);
    produced += 2;
    await processedAtLeast(svc, produced);
    await produce(producer, env.prefix, [eta]);
    produced += 1;
    await processedAtLeast(svc, produced);
    const [delay] = (await allCases(svc)).filter((c) => c.party.customerId === s.customerId);
    expect(delay).toMatchObject({
      caseType: 'carrier_delay',
      customerNotified: true,
      customerNotifiedAt: '2025-06-11T13:00:30Z',
    });
  });

  it('a poison event in a batch reaches the DLQ alone; the rest of its batch is applied', async () => {
    const s = b.story('poison');
    clock.set('2025-06-12T14:00:00Z');
    const good = b.orderStatus(s, '2025-06-12T13:00:00Z', { customerTier: 'retail' });
    // PostgreSQL refuses U+0000 in jsonb: the effects of this one event always fail.
    const poison = b.orderStatus(s, '2025-06-12T13:01:00Z', { customerName: 'Bad\u0000Name' });
    const short = b.lineShort(s, '2025-06-12T13:02:00Z', { customerTier: 'retail' });
    await producer.send({
      topic: `${env.prefix}${TOPIC.orders}`,
      messages: [good, poison, short].map((e) => ({ key: keyFor(e), value: encodeEvent(e) })),
    });
    produced += 2;
    await processedAtLeast(svc, produced);
    const dead = await eventually(
      async () => {
        const m = await svc.ctx.metrics.getSingleMetricAsString(
          'forewarn_kafka_messages_dead_lettered_total',
        );
        return /reason="max-attempts-exceeded"[^}]*\} 1/.test(m) ? m : undefined;
      },
      { what: 'the poison event dead-lettered', timeoutMs: 20_000 },
    );
    expect(dead).toContain(`${env.prefix}${TOPIC.orders}`);
    const cases = (await allCases(svc)).filter((c) => c.party.customerId === s.customerId);
    expect(cases.map((c) => c.caseType)).toContain('short_pick_backorder');
    const view = await svc.ctx.pool.query<{ data: { customerName?: string } }>(
      'SELECT data FROM order_views WHERE order_id = $1',
      [s.orderId],
    );
    expect(view.rows[0]?.data.customerName).not.toContain('Bad');
  });
});
