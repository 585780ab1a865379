import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './index.js';

describe('createTestEnv (integration: real broker and database)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv('testkit');
  });
  afterAll(async () => {
    await env.cleanup();
  });

  it('gives the file its own database and a working broker', async () => {
    const client = new pg.Client({ connectionString: env.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('select current_database() as db');
    await client.end();
    expect(rows[0]?.db).toMatch(/^fwt_testkit_/);

    const topic = `${env.prefix}roundtrip`;
    await env.createTopics([{ topic, numPartitions: 1 }]);
    const producer = env.kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'hello' }] });
    await producer.disconnect();
    const offsets = await env.admin.fetchTopicOffsets(topic);
    expect(offsets[0]?.high).toBe('1');
  });
});
