import { describe, expect, it } from 'vitest';
import { topicDrift } from './topology.js';

const spec = {
  name: 'domain.orders',
  partitions: 6,
  retentionMs: 1000,
  cleanupPolicy: 'delete' as const,
};

describe('topicDrift', () => {
  it('is empty when the topic matches its declaration', () => {
    const state = { partitions: 6, config: { 'retention.ms': '1000', 'cleanup.policy': 'delete' } };
    expect(topicDrift(spec, state)).toEqual([]);
  });

  it('names a missing topic, a wrong partition count and each drifted config', () => {
    expect(topicDrift(spec, undefined)).toEqual(['domain.orders: missing']);
    expect(topicDrift(spec, { partitions: 3, config: { 'retention.ms': '604800000' } })).toEqual([
      'domain.orders: 3 partitions, declared 6',
      'domain.orders: retention.ms=604800000, declared 1000',
      'domain.orders: cleanup.policy=(unset), declared delete',
    ]);
  });
});
