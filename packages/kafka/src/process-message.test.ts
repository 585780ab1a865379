import { createLogger, Registry } from '@forewarn/observability';
import { DecodeError } from '@forewarn/serde';
import { describe, expect, it } from 'vitest';
import type { DeadLetterReason } from './dead-letter.js';
import { toConsumedMessage, type ConsumedMessage } from './message.js';
import { consumerMetrics } from './metrics.js';
import { processMessage, type ProcessContext } from './process-message.js';

const raw = {
  key: Buffer.from('SO-1'),
  value: Buffer.from('{}'),
  timestamp: '1000',
  attributes: 0,
  offset: '7',
  headers: {},
};
const msg = toConsumedMessage('orders', 2, raw);

function harness(
  handler: (m: ConsumedMessage<string>) => Promise<void>,
  over: Partial<ProcessContext<string>> = {},
) {
  const registry = new Registry();
  const deadLettered: { reason: DeadLetterReason; attempts: number; error: unknown }[] = [];
  const pauses: number[] = [];
  const ctx: ProcessContext<string> = {
    group: 'g',
    decode: (m) => String(m.value),
    handler,
    policy: {
      maxAttempts: 4,
      backoff: { initialMs: 100, maxMs: 1_000, factor: 2 },
      transientBackoff: { initialMs: 10, maxMs: 40, factor: 2 },
      random: () => 0.5,
    },
    now: () => 5_000,
    pause: async (ms) => {
      pauses.push(ms);
      return true;
    },
    shouldStop: () => false,
    deadLetter: async (_m, reason, error, attempts) => {
      deadLettered.push({ reason, attempts, error });
    },
    metrics: consumerMetrics(registry),
    logger: createLogger({ name: 'test', level: 'silent' }),
    ...over,
  };
  const count = async (name: string) =>
    (await registry.getSingleMetric(name)?.get())?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
  return { ctx, deadLettered, pauses, count };
}

describe('processMessage', () => {
  it('retries an unknown failure with growing jittered waits, then succeeds once', async () => {
    const attempts: number[] = [];
    const h = harness(async (m) => {
      attempts.push(m.attempt);
      if (m.attempt < 3) throw new Error('db timeout');
    });
    expect(await processMessage(h.ctx, msg)).toBe('handled');
    expect(attempts).toEqual([1, 2, 3]);
    expect(h.pauses).toEqual([50, 100]);
    expect(h.deadLettered).toEqual([]);
    expect(await h.count('forewarn_kafka_handler_failures_total')).toBe(2);
    expect(await h.count('forewarn_kafka_messages_processed_total')).toBe(1);
  });

  it('dead-letters after maxAttempts with the last error', async () => {
    const h = harness(async (m) => {
      throw new Error(`down ${m.attempt}`);
    });
    expect(await processMessage(h.ctx, msg)).toBe('dead-lettered');
    expect(h.deadLettered).toHaveLength(1);
    expect(h.deadLettered[0]).toMatchObject({ reason: 'max-attempts-exceeded', attempts: 4 });
    expect((h.deadLettered[0]?.error as Error).message).toBe('down 4');
    expect(h.pauses).toHaveLength(3);
    expect(await h.count('forewarn_kafka_messages_dead_lettered_total')).toBe(1);
  });

  it('dead-letters a non-retriable error at once', async () => {
    const h = harness(async () => {
      throw new TypeError("cannot read properties of undefined (reading 'lines')");
    });
    expect(await processMessage(h.ctx, msg)).toBe('dead-lettered');
    expect(h.deadLettered[0]).toMatchObject({ reason: 'non-retriable-error', attempts: 1 });
    expect(h.pauses).toEqual([]);
  });

  it('dead-letters an undecodable message without calling the handler', async () => {
    let called = false;
    const h = harness(
      async () => {
        called = true;
      },
      {
        decode: () => {
          throw new DecodeError('unknown-format', 'not an event');
        },
      },
    );
    expect(await processMessage(h.ctx, msg)).toBe('dead-lettered');
    expect(h.deadLettered[0]).toMatchObject({ reason: 'decode-failed' });
    expect(called).toBe(false);
  });

  it('holds the partition through a long database outage and never dead-letters the message', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const stalledDuring: number[] = [];
    const h = harness(async (m) => {
      stalledDuring.push(await h.count('forewarn_kafka_partition_stalled'));
      if (m.attempt < 30) throw refused;
    });
    expect(await processMessage(h.ctx, msg)).toBe('handled');
    expect(h.deadLettered).toEqual([]);
    // 29 failures, far past maxAttempts (4); waits grow to the transient cap (40 ms) and stay.
    expect(h.pauses).toHaveLength(29);
    expect(h.pauses.slice(0, 4)).toEqual([5, 10, 20, 20]);
    expect(Math.max(...h.pauses)).toBe(20);
    expect(stalledDuring[0]).toBe(0);
    expect(stalledDuring[1]).toBe(1);
    expect(await h.count('forewarn_kafka_partition_stalled')).toBe(0);
  });

  it('spends the unknown-failure budget only on unknown failures', async () => {
    const h = harness(async (m) => {
      throw m.attempt % 2 === 0
        ? Object.assign(new Error('deadlock detected'), { code: '40P01' })
        : new Error(`odd failure ${m.attempt}`);
    });
    expect(await processMessage(h.ctx, msg)).toBe('dead-lettered');
    // Unknown failures on attempts 1, 3, 5, 7: the fourth one dead-letters.
    expect(h.deadLettered[0]).toMatchObject({ reason: 'max-attempts-exceeded', attempts: 7 });
  });

  it('gives up without dead-lettering when stopped during a retry wait', async () => {
    const h = harness(
      async () => {
        throw new Error('db timeout');
      },
      { pause: async () => false },
    );
    expect(await processMessage(h.ctx, msg)).toBe('aborted');
    expect(h.deadLettered).toEqual([]);
  });

  it('holds the partition while an async decoder waits on its schema registry, then handles it', async () => {
    const handled: string[] = [];
    let lookups = 0;
    const away = Object.assign(new Error('schema id 9 could not be read'), {
      name: 'SchemaRegistryUnavailable',
    });
    const h = harness(
      async (m) => {
        handled.push(m.value);
      },
      {
        decode: async (m) => {
          if (++lookups < 4) throw away;
          return String(m.value);
        },
      },
    );
    expect(await processMessage(h.ctx, msg)).toBe('handled');
    expect(lookups).toBe(4);
    expect(h.pauses).toEqual([5, 10, 20]);
    expect(handled).toEqual(['{}']);
    expect(h.deadLettered).toEqual([]);
  });

  it('dead-letters at once what an async decoder refuses (the registry says 404)', async () => {
    const h = harness(async () => undefined, {
      decode: async () => {
        throw Object.assign(
          new Error('unknown_schema_id: schema id 9 is not in the schema registry (404)'),
          {
            name: 'ContractError',
            retriable: false,
          },
        );
      },
    });
    expect(await processMessage(h.ctx, msg)).toBe('dead-lettered');
    expect(h.deadLettered[0]).toMatchObject({ reason: 'decode-failed', attempts: 1 });
    expect(h.pauses).toEqual([]);
  });

  it('gives up without dead-lettering when stopped while the decoder waits', async () => {
    const h = harness(async () => undefined, {
      decode: async () => {
        throw Object.assign(new Error('registry away'), { name: 'SchemaRegistryUnavailable' });
      },
      pause: async () => false,
    });
    expect(await processMessage(h.ctx, msg)).toBe('aborted');
    expect(h.deadLettered).toEqual([]);
  });
});
