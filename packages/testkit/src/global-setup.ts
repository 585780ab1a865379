import { armDeadline, type WatchedProject } from './deadline.js';
import { resolveStack, type StackEndpoints } from './stack.js';

let stack: StackEndpoints | undefined;
let disarm: (() => void) | undefined;

/** Minutes one package's run may take; 0 turns the deadline off (e.g. under a debugger). */
function deadlineMinutes(): number {
  const raw = process.env.FOREWARN_TEST_DEADLINE_MIN ?? '20';
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new Error(`FOREWARN_TEST_DEADLINE_MIN must be a number of minutes, got "${raw}"`);
  }
  return minutes;
}

/**
 * Vitest globalSetup: resolves the stack once per run and hands it to the test workers through
 * the environment, which they inherit when they start; arms the run's deadline.
 */
export async function setup(project: WatchedProject): Promise<void> {
  const minutes = deadlineMinutes();
  if (minutes > 0) disarm = armDeadline(project, minutes);
  stack = await resolveStack();
  process.env.KAFKA_BROKERS = stack.kafkaBrokers.join(',');
  process.env.DATABASE_URL = stack.databaseUrl;
  process.env.FOREWARN_TEST_STACK = stack.source;
}

export async function teardown(): Promise<void> {
  disarm?.();
  await stack?.stop();
}
