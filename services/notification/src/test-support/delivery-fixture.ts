import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import pg from 'pg';
import { startFakeTwilio } from './fake-twilio.js';
import { publisher } from './harness.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

/** What the delivery tests run against: a database and topics of their own, the mail and SMS ends. */
export interface DeliveryFixture {
  env: TestEnv;
  sink: SmtpSink;
  twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  publish: ReturnType<typeof publisher>;
  /** A direct pool on the test database, for reading the service's tables. */
  db: pg.Pool;
  close(): Promise<void>;
}

export async function startDeliveryFixture(name: string): Promise<DeliveryFixture> {
  const env = await createTestEnv(name);
  const sink = await startSmtpSink();
  const twilio = await startFakeTwilio('AC_TEST', 'twilio-token');
  const producer: Producer = env.kafka.producer();
  await producer.connect();
  const db = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
  return {
    env,
    sink,
    twilio,
    publish: publisher(producer, env.prefix),
    db,
    async close() {
      await producer.disconnect();
      await db.end();
      await Promise.all([sink.close(), twilio.close()]);
      await env.cleanup();
    },
  };
}
