import {
  decodeEvent,
  encodeEvent,
  encodeEventJson,
  keyFor,
  type Decoded,
} from '@forewarn/contracts';
import { sampleOrderCreated } from '@forewarn/contracts/fixtures';
import { frame } from '@forewarn/serde';
import { describe, expect, it } from 'vitest';
import { eventually, headerStrings, useHarness } from './__fixtures__/harness.js';
import { NonRetriableError } from '@forewarn/platform';
import type { ConsumedMessage } from './message.js';

describe('runConsumer failure handling (integration: real broker)', () => {
  const harness = useHarness('kafka-dlq');

  it('dead-letters a poison message with reason, source and original bytes; the partition moves on', async () => {
    const h = harness();
    const [input, dlq] = await Promise.all([h.topic('poison.in'), h.topic('poison.dlq')]);
    const poisonBytes = Buffer.from([0, 0xff, 0x10, 0x7b, 0x00]);
    await h.producer.send(input, [
      { key: 'SO-1', value: 'ok-1' },
      { key: 'SO-1', value: poisonBytes, headers: { 'trace-id': 't-42' } },
      { key: 'SO-1', value: 'bug' },
      { key: 'SO-1', value: 'ok-2' },
    ]);
    const handled: string[] = [];
    const handler = async (m: ConsumedMessage) => {
      if (m.value?.equals(poisonBytes)) throw new Error('downstream keeps failing');
      if (m.value?.toString() === 'bug') throw new NonRetriableError('no such customer');
      handled.push(m.value!.toString());
    };
    await h.start({
      groupId: `${input}.g`,
      topics: [input],
      deadLetterTopic: dlq,
      maxAttempts: 3,
      handler,
    });

    await eventually(() => (handled.length === 2 ? true : undefined), {
      what: 'both good messages',
    });
    expect(handled).toEqual(['ok-1', 'ok-2']);
    const [retried, bug] = await h.readTopic(dlq, 2);
    expect(retried?.value).toEqual(poisonBytes);
    expect(retried?.key?.toString()).toBe('SO-1');
    expect(headerStrings(retried!)).toMatchObject({
      'trace-id': 't-42',
      'dlq.reason': 'max-attempts-exceeded',
      'dlq.error': 'Error: downstream keeps failing',
      'dlq.source.topic': input,
      'dlq.source.partition': '0',
      'dlq.source.offset': '1',
      'dlq.consumer.group': `${input}.g`,
      'dlq.attempts': '3',
    });
    expect(Date.parse(headerStrings(retried!)['dlq.failed-at']!)).not.toBeNaN();
    expect(headerStrings(bug!)).toMatchObject({
      'dlq.reason': 'non-retriable-error',
      'dlq.source.offset': '2',
      'dlq.attempts': '1',
    });
    const metrics = await h.registry.getMetricsAsJSON();
    const dead = metrics.find((m) => m.name === 'forewarn_kafka_messages_dead_lettered_total');
    expect(
      dead?.values.filter((v) => v.labels.topic === input).reduce((s, v) => s + v.value, 0),
    ).toBe(2);
    expect(h.fatal).toEqual([]);
  });

  it('dead-letters payloads that do not decode and keeps consuming', async () => {
    const h = harness();
    const [input, dlq] = await Promise.all([h.topic('decode.in'), h.topic('decode.dlq')]);
    const asJson = sampleOrderCreated({ eventId: 'evt-json' });
    const key = keyFor(asJson);
    const unknownId = frame(999_999, Buffer.from([2, 65]));
    const invalid = sampleOrderCreated({ occurredAt: 'yesterday', payload: { currency: 'usd' } });
    await h.producer.send(input, [
      { key, value: 'not an event' },
      { key, value: unknownId },
      { key, value: JSON.stringify(invalid) },
      { key, value: '{"eventId":' },
      { key, value: encodeEventJson(asJson) },
    ]);
    const seen: Decoded[] = [];
    await h.start({
      groupId: `${input}.g`,
      topics: [input],
      deadLetterTopic: dlq,
      decode: (m) => decodeEvent(m.value ?? Buffer.alloc(0)),
      handler: async (m) => void seen.push(m.value),
    });
    const dead = await h.readTopic(dlq, 4);
    const headers = dead.map((m) => headerStrings(m));
    expect(headers.map((x) => [x['dlq.reason'], x['dlq.attempts']])).toEqual(
      Array.from({ length: 4 }, () => ['decode-failed', '1']),
    );
    expect(headers[0]?.['dlq.error']).toMatch(/^ContractError: malformed_message: .*bad-magic/);
    expect(headers[1]?.['dlq.error']).toMatch(/^ContractError: unknown_schema_id: .*999999/);
    expect(headers[2]?.['dlq.error']).toMatch(/^ContractError: invalid_event: occurredAt: /);
    expect(headers[2]?.['dlq.error']).toContain('payload.currency: ');
    expect(headers[3]?.['dlq.error']).toMatch(/^ContractError: malformed_message: invalid JSON/);
    expect(dead[1]?.value).toEqual(unknownId);

    const asAvro = sampleOrderCreated({ eventId: 'evt-avro' });
    await h.producer.send(input, [{ key, value: encodeEvent(asAvro) }]);
    await eventually(() => (seen.length === 2 ? true : undefined), {
      what: 'events after the bad ones',
    });
    expect(seen.map((d) => [d.event.type, d.event.eventId])).toEqual([
      ['erp.order.created', 'evt-json'],
      ['erp.order.created', 'evt-avro'],
    ]);
    expect(seen[1]?.event).toMatchObject({ payload: { orderId: asAvro.payload.orderId } });
    expect(h.fatal).toEqual([]);
  });

  it('processes a transiently failing message once, without dead-lettering it', async () => {
    const h = harness();
    const [input, dlq] = await Promise.all([h.topic('transient.in'), h.topic('transient.dlq')]);
    await h.producer.send(input, [
      { key: 'SO-3', value: 'flaky' },
      { key: 'SO-3', value: 'after' },
    ]);
    const attempts: number[] = [];
    const done: string[] = [];
    await h.start({
      groupId: `${input}.g`,
      topics: [input],
      deadLetterTopic: dlq,
      handler: async (m) => {
        if (m.value?.toString() === 'flaky') {
          attempts.push(m.attempt);
          if (m.attempt <= 2) throw new Error('deadlock detected');
        }
        done.push(m.value!.toString());
      },
    });
    await eventually(() => (done.length === 2 ? true : undefined), { what: 'both messages' });
    expect(attempts).toEqual([1, 2, 3]);
    expect(done).toEqual(['flaky', 'after']);
    const offsets = await h.env.admin.fetchTopicOffsets(dlq);
    expect(offsets.map((o) => o.high)).toEqual(['0']);
  });

  it('stops for good and calls onFatal when a dead letter can never be written, committing nothing past it', async () => {
    const h = harness();
    const input = await h.topic('fatal.in');
    const dlq = `${h.env.prefix}fatal.dlq`;
    // A DLQ that refuses anything bigger than 200 bytes: MESSAGE_TOO_LARGE is not retriable.
    await h.env.createTopics([
      {
        topic: dlq,
        numPartitions: 1,
        configEntries: [{ name: 'max.message.bytes', value: '200' }],
      },
    ]);
    await h.producer.send(input, [
      { key: 'SO-4', value: 'fine' },
      { key: 'SO-4', value: 'x'.repeat(1_000) },
    ]);
    const fatalBefore = h.fatal.length;
    const groupId = `${input}.g`;
    await h.start({
      groupId,
      topics: [input],
      deadLetterTopic: dlq,
      handler: async (m) => {
        if (m.value!.length > 100) throw new NonRetriableError('cannot handle');
      },
    });
    const error = await eventually(() => h.fatal[fatalBefore], { what: 'onFatal' });
    expect(error.message).toMatch(/too large|larger/i);
    const [committed] = await h.env.admin.fetchOffsets({ groupId, topics: [input] });
    expect(committed?.partitions[0]?.offset).toBe('1');
    h.fatal.splice(fatalBefore);
  });
});
