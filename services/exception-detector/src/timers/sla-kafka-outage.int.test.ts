import { decodeEvent, TOPIC, type ForewarnEvent } from '@forewarn/contracts';
import { sampleOrderStatusChanged } from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, ownBroker, type TestEnv } from '@forewarn/testkit';
import type { Consumer, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../domain/cases/case.js';
import * as b from '../testing/scenarios/builders.js';
import { allCases, produce, startDetector, testClock } from '../testing/harness.js';

interface OutboxRow {
  type: string;
  caseId: string;
  published: boolean;
  parked: boolean;
}

describe('SLA timers while Kafka is down (own broker, real PostgreSQL, detector clock)', () => {
  const broker = { current: undefined as Awaited<ReturnType<typeof ownBroker>> | undefined };
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  let consumer: Consumer | undefined;
  const clock = testClock('2025-03-06T15:00:00.000Z'); // Thursday 10:00 EST
  const story = b.story('slaoutage');
  const sharedBrokers = process.env.KAFKA_BROKERS;
  let brokerDown = false;

  const outbox = async (): Promise<OutboxRow[]> => {
    const { rows } = await svc.ctx.pool.query<{
      value: Buffer;
      key: string;
      published_at: Date | null;
      parked_at: Date | null;
    }>('SELECT value, key, published_at, parked_at FROM outbox ORDER BY id');
    return rows.map((r) => ({
      type: decodeEvent(r.value).event.type,
      caseId: r.key,
      published: r.published_at !== null,
      parked: r.parked_at !== null,
    }));
  };

  beforeAll(async () => {
    broker.current = await ownBroker('sla-outage');
    await broker.current.start();
    // createTestEnv reads the brokers from the environment: this file's broker, not the shared one.
    process.env.KAFKA_BROKERS = broker.current.address;
    env = await createTestEnv('detector-sla-outage');
    process.env.KAFKA_BROKERS = sharedBrokers;
    svc = await startDetector(env, clock.now);
    producer = env.kafka.producer();
    await producer.connect();
  }, 300_000);

  afterAll(async () => {
    process.env.KAFKA_BROKERS = sharedBrokers;
    // A failure while the broker was down: bring it back, or the service would not stop.
    if (brokerDown) await broker.current?.start();
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await svc?.stop();
    await env?.cleanup().catch(() => undefined);
    await broker.current?.stop();
    await broker.current?.remove();
  }, 300_000);

  it('records the breach and escalation in PostgreSQL with the broker down, and publishes them once when it returns', async () => {
    // An order that missed its ship-by: the late-shipment timer opens a case with SLA clocks.
    await produce(producer, env.prefix, [
      sampleOrderStatusChanged({
        occurredAt: '2025-03-06T14:30:00Z',
        refs: { customerId: story.customerId, orderId: story.orderId, poNumber: 'PO-SLA' },
        payload: {
          orderId: story.orderId,
          customerId: story.customerId,
          poNumber: 'PO-SLA',
          customerTier: 'enterprise',
          shipBy: '2025-03-06T14:45:00.000Z',
        },
      }),
    ]);
    const opened = await eventually(
      async () => (await allCases(svc)).find((c) => c.subject.id === story.orderId),
      { what: 'the late-shipment case opened', timeoutMs: 60_000 },
    );
    const breachDue = await eventually(
      async () =>
        (
          await svc.ctx.pool.query<{ due_at: Date }>(
            `SELECT due_at FROM timers WHERE kind = 'sla_breach' AND fired_at IS NULL
             AND cancelled_at IS NULL`,
          )
        ).rows[0]?.due_at,
      { what: 'the SLA breach timer armed', timeoutMs: 30_000 },
    );
    // Everything so far is on the topic, so what is pending later is the outage's own.
    await eventually(async () => ((await outbox()).every((r) => r.published) ? true : undefined), {
      what: 'case.opened published',
      timeoutMs: 60_000,
    });
    expect((await outbox()).map((r) => r.type)).toContain('case.opened');

    await broker.current!.stop();
    brokerDown = true;

    // The SLA falls due while the broker is away.
    clock.set(new Date(breachDue.getTime() + 60_000).toISOString());
    const breached = await eventually(
      async () => {
        const { rows } = await svc.ctx.pool.query<{ data: Case }>(
          'SELECT data FROM cases WHERE case_id = $1',
          [opened.caseId],
        );
        const c = rows[0]?.data;
        return c && c.sla.breaches.includes('first_response') ? c : undefined;
      },
      { what: 'the breach recorded with Kafka down', timeoutMs: 60_000 },
    );
    expect(breached.escalationLevel).not.toBe(opened.escalationLevel);
    const { rows: breaches } = await svc.ctx.pool.query<{ clock: string }>(
      'SELECT clock FROM sla_breaches WHERE case_id = $1',
      [opened.caseId],
    );
    expect(breaches.map((r) => r.clock)).toEqual(['first_response']);
    const { rows: fired } = await svc.ctx.pool.query<{ fired: boolean }>(
      `SELECT fired_at IS NOT NULL AS fired FROM timers WHERE kind = 'sla_breach' AND due_at = $1`,
      [breachDue],
    );
    expect(fired).toEqual([{ fired: true }]);

    // Its events wait in the outbox: pending, not parked, while the relay keeps retrying.
    await new Promise((r) => setTimeout(r, 3_000));
    const pending = (await outbox()).filter((r) => !r.published);
    expect(pending.map((r) => r.type)).toEqual(
      expect.arrayContaining(['case.sla-breached', 'case.escalated']),
    );
    expect(pending.every((r) => r.caseId === opened.caseId && !r.parked)).toBe(true);

    await broker.current!.start();
    brokerDown = false;

    await eventually(async () => ((await outbox()).every((r) => r.published) ? true : undefined), {
      what: 'the outbox drained after the broker returned',
      timeoutMs: 120_000,
    });
    const seen: ForewarnEvent[] = [];
    consumer = env.kafka.consumer({ groupId: `${env.prefix}reader` });
    await consumer.connect();
    await consumer.subscribe({ topic: `${env.prefix}${TOPIC.cases}`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(decodeEvent(message.value!).event);
      },
    });
    const ofCase = (type: string) =>
      seen.filter(
        (e) => e.type === type && 'caseId' in e.payload && e.payload.caseId === opened.caseId,
      );
    await eventually(
      async () =>
        ofCase('case.sla-breached').length > 0 && ofCase('case.escalated').length > 0
          ? true
          : undefined,
      { what: 'the breach and escalation on domain.cases', timeoutMs: 60_000 },
    );
    // Anything duplicated would arrive with the rest; give it the time to.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(ofCase('case.sla-breached')).toHaveLength(1);
    expect(ofCase('case.escalated')).toHaveLength(1);
    expect(ofCase('case.opened')).toHaveLength(1);
    const [breach] = ofCase('case.sla-breached');
    expect(breach?.type === 'case.sla-breached' && breach.payload.clock).toBe('first_response');
    expect(breach?.type === 'case.sla-breached' && Date.parse(breach.payload.dueAt)).toBe(
      breachDue.getTime(),
    );
  }, 600_000);
});
