import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface StackEndpoints {
  kafkaBrokers: string[];
  databaseUrl: string;
  /** Where the endpoints came from, for the test log. */
  source: 'env' | 'testcontainers' | 'local';
  stop: () => Promise<void>;
}

const LOCAL_DB = 'postgres://postgres@127.0.0.1:5432/postgres';

function portAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function dockerAnswers(): Promise<boolean> {
  try {
    await run('docker', ['info'], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

function repoRoot(from = process.cwd()): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = up;
  }
  return dir;
}

async function fromTestcontainers(): Promise<StackEndpoints> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const [kafka, pg] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
    new PostgreSqlContainer('postgres:15-alpine').start(),
  ]);
  return {
    kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    databaseUrl: pg.getConnectionUri(),
    source: 'testcontainers',
    stop: async () => {
      await Promise.all([kafka.stop(), pg.stop()]);
    },
  };
}

async function fromLocalStack(): Promise<StackEndpoints> {
  if (!(await portAnswers('127.0.0.1', 9092))) {
    // The project's own script fetches the pinned broker and starts it; it is left running for
    // the next test run, as the README's test command stops it at the end.
    await run('bash', [path.join(repoRoot(), 'infra/kafka/start.sh')], { timeout: 180_000 });
  }
  if (!(await portAnswers('127.0.0.1', 5432))) {
    throw new Error('no PostgreSQL at 127.0.0.1:5432 and DATABASE_URL is not set');
  }
  return {
    kafkaBrokers: ['127.0.0.1:9092'],
    databaseUrl: LOCAL_DB,
    source: 'local',
    stop: async () => {},
  };
}

/**
 * Finds a real broker and database for tests, in order: env vars (KAFKA_BROKERS and
 * DATABASE_URL), testcontainers where a Docker engine answers, else the local stack under infra/.
 */
export async function resolveStack(env = process.env): Promise<StackEndpoints> {
  if (env.KAFKA_BROKERS && env.DATABASE_URL) {
    return {
      kafkaBrokers: env.KAFKA_BROKERS.split(',').map((s) => s.trim()),
      databaseUrl: env.DATABASE_URL,
      source: 'env',
      stop: async () => {},
    };
  }
  if (await dockerAnswers()) return fromTestcontainers();
  return fromLocalStack();
}
