import { resolveStack, type StackEndpoints } from './stack.js';

let stack: StackEndpoints | undefined;

/**
 * Vitest globalSetup: resolves the stack once per run and hands it to the test workers through
 * the environment, which they inherit when they start.
 */
export async function setup(): Promise<void> {
  stack = await resolveStack();
  process.env.KAFKA_BROKERS = stack.kafkaBrokers.join(',');
  process.env.DATABASE_URL = stack.databaseUrl;
  process.env.FOREWARN_TEST_STACK = stack.source;
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
