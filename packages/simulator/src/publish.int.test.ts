import { prefixed } from '@forewarn/contracts';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimClock } from './clock.js';
import { generateDay, type SimRun } from './generate-day.js';
import { publish, type PublishProgress } from './publish.js';

async function messagesOn(env: TestEnv, topic: string): Promise<number> {
  const offsets = await env.admin.fetchTopicOffsets(prefixed(env.prefix, topic));
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

describe('publish (integration, real broker)', () => {
  let env: TestEnv;
  let run: SimRun;
  beforeAll(async () => {
    env = await createTestEnv('simulator');
    run = generateDay({ seed: 3, orders: 20 });
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('publishes a small day to the prefixed source topics, every message once', async () => {
    const seen: PublishProgress[] = [];
    const report = await publish(run.emissions, {
      brokers: env.kafkaBrokers,
      topicPrefix: env.prefix,
      bench: true,
      progressEveryMs: 0,
      onProgress: (p) => seen.push(p),
    });
    expect(report.sent).toBe(run.counts.messages);
    expect(report.malformed).toBe(run.counts.expectedRejects.total);
    expect(seen.at(-1)?.done).toBe(true);
    for (const [topic, count] of Object.entries(run.counts.byTopic)) {
      expect(await messagesOn(env, topic), topic).toBe(count);
    }
  });

  it('paces messages by the sim clock', async () => {
    const inWindow = run.emissions
      .filter((e) => e.emitAt >= Date.parse(run.window.start))
      .slice(0, 40);
    const first = inWindow[0]?.emitAt ?? 0;
    const span = (inWindow.at(-1)?.emitAt ?? 0) - first;
    const clock = createSimClock({ start: first, speed: span / 1_500 });
    const t0 = Date.now();
    const report = await publish(inWindow, {
      brokers: env.kafkaBrokers,
      topicPrefix: env.prefix,
      clock,
    });
    expect(report.sent).toBe(inWindow.length);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_400);
  });

  it('creates no topic: without the topology command first it refuses, naming what is missing', async () => {
    const prefix = `${env.prefix}untopologised.`;
    await expect(
      publish(run.emissions.slice(0, 5), {
        brokers: env.kafkaBrokers,
        topicPrefix: prefix,
        bench: true,
      }),
    ).rejects.toThrow(/pnpm topics/);
    const left = (await env.admin.listTopics()).filter((t) => t.startsWith(prefix));
    expect(left).toEqual([]);
  });
});
