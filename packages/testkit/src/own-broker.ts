import { execFile } from 'node:child_process';
import { mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const sh = promisify(execFile);

export interface OwnBroker {
  /** host:port of the broker. */
  address: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Deletes its state directory (after stop). */
  remove(): Promise<void>;
}

/**
 * A Kafka broker of a test's own, on free ports and its own state directory, started and
 * stopped with the project's infra/kafka scripts: a test that takes the broker away never
 * touches the shared one. Not started yet; call start().
 */
export async function ownBroker(label: string): Promise<OwnBroker> {
  const state = await mkdtemp(join(tmpdir(), `fw-${label}-`));
  const port = await freePort();
  const env = {
    ...process.env,
    FOREWARN_STATE: state,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    KAFKA_HEAP: '384m',
  };
  const script = async (name: string) => {
    await sh('bash', [join(ROOT, 'infra/kafka', name)], { env, timeout: 240_000 });
  };
  return {
    address: `127.0.0.1:${port}`,
    start: async () => {
      // start.sh waits for the start line in the broker log: a restart begins a fresh one.
      await truncate(join(state, 'kafka', 'broker.log')).catch(() => undefined);
      await script('start.sh');
    },
    stop: () => script('stop.sh'),
    remove: () => rm(state, { recursive: true, force: true }),
  };
}
