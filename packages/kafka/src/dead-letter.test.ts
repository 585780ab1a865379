import { describe, expect, it } from 'vitest';
import { deadLetterMessage, DLQ_HEADERS } from './dead-letter.js';
import { headersToStrings, toConsumedMessage } from './message.js';

describe('deadLetterMessage', () => {
  const value = Buffer.from([0, 0, 0, 0, 9, 1, 2]);
  const raw = {
    key: Buffer.from('SO-1'),
    value,
    timestamp: '1700000000000',
    attributes: 0,
    offset: '42',
    headers: { 'trace-id': Buffer.from('abc'), multi: [Buffer.from('a'), Buffer.from('b')] },
  };

  it('keeps the original bytes and headers and adds the dlq.* contract', () => {
    const out = deadLetterMessage(toConsumedMessage('erp.orders', 3, raw), {
      group: 'order-service',
      reason: 'max-attempts-exceeded',
      error: new Error('db down'),
      attempts: 5,
      failedAt: new Date('2025-03-01T10:00:00.000Z'),
    });
    expect(out.key).toBe(raw.key);
    expect(out.value).toBe(value);
    expect(headersToStrings(out.headers)).toEqual({
      'trace-id': 'abc',
      multi: 'b',
      [DLQ_HEADERS.reason]: 'max-attempts-exceeded',
      [DLQ_HEADERS.error]: 'Error: db down',
      [DLQ_HEADERS.sourceTopic]: 'erp.orders',
      [DLQ_HEADERS.sourcePartition]: '3',
      [DLQ_HEADERS.sourceOffset]: '42',
      [DLQ_HEADERS.consumerGroup]: 'order-service',
      [DLQ_HEADERS.attempts]: '5',
      [DLQ_HEADERS.failedAt]: '2025-03-01T10:00:00.000Z',
    });
    expect(out.headers?.multi).toEqual(raw.headers.multi);
  });
});
