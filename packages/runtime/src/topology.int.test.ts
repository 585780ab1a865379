import { createTestEnv, serviceTestEnv, type TestEnv } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type ServiceDefinition } from './index.js';

/** A service that needs one topic of 3 partitions kept 35 days. */
const probe = (topic: string): ServiceDefinition => ({
  name: 'topology-probe',
  schema: 'topology_probe',
  migrations: [],
  topics: [{ name: topic, partitions: 3, retentionMs: 3_024_000_000, cleanupPolicy: 'delete' }],
});

describe('start-up checks the topics against the contract (integration: real broker)', () => {
  let env: TestEnv;
  const start = (topic: string) =>
    startService(probe(topic), { handleSignals: false, env: serviceTestEnv(env) });

  beforeAll(async () => {
    env = await createTestEnv('runtime-topology', { topology: false });
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('refuses to start when a topic is missing, and creates none', async () => {
    await expect(start('absent.events')).rejects.toThrow(/absent\.events: missing/);
    expect(await env.admin.listTopics()).not.toContain(`${env.prefix}absent.events`);
  });

  it('refuses to start on a wrong partition count or retention', async () => {
    await env.createTopics([{ topic: `${env.prefix}narrow.events`, numPartitions: 2 }]);
    const refusal = start('narrow.events');
    await expect(refusal).rejects.toThrow(/narrow\.events: 2 partitions, declared 3/);
    await expect(refusal).rejects.toThrow(/narrow\.events: retention\.ms=\d+, declared 3024000000/);
  });

  it('starts when the topic is as declared', async () => {
    await env.createTopics([
      {
        topic: `${env.prefix}right.events`,
        numPartitions: 3,
        configEntries: [
          { name: 'retention.ms', value: '3024000000' },
          { name: 'cleanup.policy', value: 'delete' },
        ],
      },
    ]);
    const svc = await start('right.events');
    await svc.stop();
  });
});
