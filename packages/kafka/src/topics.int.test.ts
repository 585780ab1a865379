import { describe, expect, it } from 'vitest';
import { useHarness } from './__fixtures__/harness.js';
import { ensureTopics } from './topics.js';

describe('ensureTopics (integration: real broker)', () => {
  const harness = useHarness('kafka-topics');

  it('creates with config, is a no-op the second time, and only grows partitions', async () => {
    const h = harness();
    const { admin, prefix } = h.env;
    const events = { name: `${prefix}events`, partitions: 2, retentionMs: 86_400_000 };
    const state = { name: `${prefix}state`, partitions: 1, cleanupPolicy: 'compact' as const };

    const first = await ensureTopics(admin, [events, state]);
    expect(first.create.map((s) => s.name)).toEqual([events.name, state.name]);

    const again = await ensureTopics(admin, [events, state]);
    expect(again).toEqual({ create: [], grow: [], unchanged: [events.name, state.name] });

    const grown = await ensureTopics(admin, [
      { ...events, partitions: 4 },
      { ...state, partitions: 1 },
    ]);
    expect(grown.grow).toEqual([{ name: events.name, from: 2, count: 4 }]);
    const shrink = await ensureTopics(admin, [{ ...events, partitions: 1 }]);
    expect(shrink.unchanged).toEqual([events.name]);

    const { topics } = await admin.fetchTopicMetadata({ topics: [events.name, state.name] });
    expect(Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]))).toEqual({
      [events.name]: 4,
      [state.name]: 1,
    });
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: 2, name: events.name, configNames: ['retention.ms'] },
        { type: 2, name: state.name, configNames: ['cleanup.policy'] },
      ],
    });
    const values = configs.resources.map((r) => r.configEntries[0]?.configValue);
    expect(values).toEqual(['86400000', 'compact']);
  });

  it('lets several processes ensure the same new topics at once', async () => {
    const h = harness();
    const specs = Array.from({ length: 6 }, (_, i) => ({
      name: `${h.env.prefix}race${i}`,
      partitions: 6,
    }));
    const admins = Array.from({ length: 5 }, () => h.env.kafka.admin());
    await Promise.all(admins.map((a) => a.connect()));
    try {
      await Promise.all(admins.map((a) => ensureTopics(a, specs)));
    } finally {
      await Promise.all(admins.map((a) => a.disconnect()));
    }
    const { topics } = await h.env.admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
    expect(topics.map((t) => t.partitions.length)).toEqual(specs.map(() => 6));
  });
});
