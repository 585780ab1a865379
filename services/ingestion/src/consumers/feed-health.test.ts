import { encodeEvent, encodeEventJson } from '@forewarn/contracts';
import { samplePickCompleted } from '@forewarn/contracts/fixtures';
import type { ConsumedMessage } from '@forewarn/kafka';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { observe } from './feed-health.js';

const message = (value: Buffer, headers: Record<string, string> = {}): ConsumedMessage => ({
  topic: 'wms.events',
  partition: 0,
  offset: '0',
  key: null,
  value,
  headers,
  timestamp: Date.parse('2025-03-10T15:00:00Z'),
  attempt: 1,
  raw: {} as KafkaMessage,
});

describe('observe (feed health)', () => {
  const event = samplePickCompleted();

  it('reads an event in Avro and in JSON alike, through the consumers’ one decoder', async () => {
    for (const value of [encodeEvent(event), encodeEventJson(event)]) {
      expect(await observe(message(value), false)).toEqual({
        kind: 'event',
        source: event.sourceSystem,
        occurredAt: new Date(event.occurredAt),
        receivedAt: event.receivedAt
          ? new Date(event.receivedAt)
          : new Date('2025-03-10T15:00:00Z'),
      });
    }
  });

  it('counts what cannot be read as undecodable, under the source its header names', async () => {
    const seen = await observe(
      message(Buffer.from('{"type": '), { 'source-system': 'wms:east' }),
      false,
    );
    expect(seen).toMatchObject({ kind: 'undecodable', source: 'wms:east' });
  });

  it('counts a dead letter as one, whatever it holds', async () => {
    expect(await observe(message(encodeEventJson(event)), true)).toMatchObject({
      kind: 'dlq',
      source: event.sourceSystem,
    });
  });
});
