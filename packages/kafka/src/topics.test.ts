import { describe, expect, it } from 'vitest';
import { planTopics, topicConfigEntries } from './topics.js';

describe('planTopics', () => {
  const specs = [
    { name: 'new', partitions: 3 },
    { name: 'small', partitions: 6 },
    { name: 'same', partitions: 3 },
    { name: 'bigger', partitions: 3 },
  ];

  it('creates missing topics, grows smaller ones and leaves the rest alone', () => {
    const plan = planTopics(
      specs,
      new Map([
        ['small', 3],
        ['same', 3],
        ['bigger', 12],
      ]),
    );
    expect(plan.create.map((s) => s.name)).toEqual(['new']);
    expect(plan.grow).toEqual([{ name: 'small', from: 3, count: 6 }]);
    expect(plan.unchanged).toEqual(['same', 'bigger']);
  });

  it('is a no-op once everything exists', () => {
    const existing = new Map(specs.map((s) => [s.name, s.partitions]));
    expect(planTopics(specs, existing)).toEqual({
      create: [],
      grow: [],
      unchanged: specs.map((s) => s.name),
    });
  });
});

describe('topicConfigEntries', () => {
  it('maps retention and cleanup policy to Kafka config names, over free-form config', () => {
    const entries = topicConfigEntries({
      name: 't',
      partitions: 1,
      retentionMs: 604_800_000,
      cleanupPolicy: 'compact',
      config: { 'min.insync.replicas': '2', 'cleanup.policy': 'delete' },
    });
    expect(Object.fromEntries(entries.map((e) => [e.name, e.value]))).toEqual({
      'min.insync.replicas': '2',
      'cleanup.policy': 'compact',
      'retention.ms': '604800000',
    });
  });
});
