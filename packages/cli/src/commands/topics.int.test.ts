import { randomBytes } from 'node:crypto';
import { topology } from '@forewarn/contracts';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../io.js';
import { run } from '../run.js';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const prefix = `t.topics_${randomBytes(4).toString('hex')}.`;

function io(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => void lines.push(l), err: (l) => void lines.push(l), env: {} };
}
const retentionOf = async (admin: Admin, name: string) => {
  const r = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name }] });
  return r.resources[0]?.configEntries.find((e) => e.configName === 'retention.ms')?.configValue;
};
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 100));
}
const topics = (...extra: string[]) =>
  run(['topics', '--prefix', prefix, '--brokers', brokers.join(','), ...extra], io());

describe('forewarn topics (integration: real broker)', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });
  afterAll(async () => {
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    await admin.disconnect();
  });

  it('--check fails while the topics are missing', async () => {
    expect(await topics('--check')).toBe(1);
  });

  it('creates every declared topic, then --check passes', async () => {
    expect(await topics()).toBe(0);
    const listed = await admin.listTopics();
    for (const t of topology) expect(listed).toContain(`${prefix}${t.name}`);
    expect(await topics('--check')).toBe(0);
  });

  it('puts a drifted retention back to the declared one', async () => {
    const name = `${prefix}${topology[0]!.name}`;
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: 2, name, configEntries: [{ name: 'retention.ms', value: '60000' }] }],
    });
    // The broker applies a config change to its metadata asynchronously: wait until it shows.
    await until(async () => (await retentionOf(admin, name)) === '60000');
    expect(await topics('--check')).toBe(1);
    expect(await topics()).toBe(0);
    await until(async () => (await retentionOf(admin, name)) === '3024000000');
    expect(await topics('--check')).toBe(0);
  });
});
