import { describe, expect, it } from 'vitest';
import { progressOf } from './record.js';

describe('progressOf (pure)', () => {
  it('given a batch over two partitions, then each is applied up to the offset after its last message, with its latest send', () => {
    const msgs = [
      { topic: 'scans', partition: 0, offset: '7' },
      { topic: 'scans', partition: 1, offset: '3' },
      { topic: 'scans', partition: 0, offset: '8' },
    ];
    const sent = ['2025-03-10T15:00:00Z', '2025-03-10T17:00:00Z', '2025-03-10T14:00:00Z'];
    expect(progressOf(msgs, (i) => new Date(sent[i]!))).toEqual([
      { topic: 'scans', partition: 0, next: '9', maxSentAt: new Date('2025-03-10T15:00:00Z') },
      { topic: 'scans', partition: 1, next: '4', maxSentAt: new Date('2025-03-10T17:00:00Z') },
    ]);
  });

  it('given an empty batch, then nothing is recorded', () => {
    expect(progressOf([], () => new Date(0))).toEqual([]);
  });
});
