import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestEnv, freePort, serviceTestEnv, type TestEnv } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type RunningProcesses } from './demo/processes.js';
import type { DoorStats } from './door-client.js';
import { doorOf, planDoors } from './doors.js';
import { generateDay } from './generate-day.js';
import { toMessages } from './messages.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = path.join(root, 'packages/simulator/dist/cli.js');
const DAY = ['--seed', '11', '--orders', '12', '--days', '2'];
const SPEED = 20_000;

describe('forewarn-sim credentials, then run --doors against a real ingestion service (integration)', () => {
  let env: TestEnv;
  let procs: RunningProcesses | undefined;
  let settings: { doors: unknown; ingestionEnv: Record<string, string> };
  let anchor: number;

  beforeAll(async () => {
    env = await createTestEnv('simcli');
    const { stdout } = await run(process.execPath, [cli, 'credentials', ...DAY]);
    settings = JSON.parse(stdout) as typeof settings;
    // Ingestion and the simulator share the sim clock: signatures and send times are dated on it.
    anchor = Date.now() + 8_000;
    const port = await freePort();
    const serviceEnv = serviceTestEnv(env, {
      HTTP_PORT: String(port),
      ...settings.ingestionEnv,
      CLOCK_SIM_ANCHOR: '2025-03-10T04:00:00Z',
      CLOCK_WALL_ANCHOR_MS: String(anchor),
      CLOCK_SPEED: String(SPEED),
      HMAC_TOLERANCE_SECONDS: String(300 * SPEED),
    });
    procs = await startServices(root, await mkdtemp(path.join(tmpdir(), 'simcli-')), [
      {
        name: 'ingestion',
        port,
        env: Object.fromEntries(
          Object.entries(serviceEnv).filter((e): e is [string, string] => e[1] !== undefined),
        ),
      },
    ]);
  }, 120_000);
  afterAll(async () => {
    await procs?.stop();
    await env?.cleanup();
  });

  it('prints the door plan of the seed and the settings ingestion needs for it', () => {
    expect(settings.doors).toEqual(planDoors(11));
    const keys = JSON.parse(settings.ingestionEnv['API_KEYS']!) as { role: string }[];
    expect(keys.length).toBeGreaterThan(3);
    expect(keys.every((k) => k.role === 'source')).toBe(true);
    expect(Object.keys(JSON.parse(settings.ingestionEnv['SOURCE_HMAC_SECRETS']!))).toHaveLength(1);
  });

  it('sends the day through every door with those credentials; only the malformed share is refused', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'simcli-out-'));
    await run(
      process.execPath,
      [
        cli,
        'run',
        '--doors',
        ...DAY,
        '--speed',
        String(SPEED),
        '--anchor',
        String(anchor),
        '--out',
        out,
        '--quiet',
      ],
      {
        env: {
          ...process.env,
          KAFKA_BROKERS: env.kafkaBrokers.join(','),
          KAFKA_TOPIC_PREFIX: env.prefix,
          FOREWARN_INGESTION_URL: procs!.urls.ingestion!,
        },
        timeout: 120_000,
      },
    );
    const counts = JSON.parse(await readFile(path.join(out, 'counts.json'), 'utf8')) as {
      published: { doors: DoorStats };
    };
    const doors = counts.published.doors;
    const plan = planDoors(11);
    const messages = toMessages(generateDay({ seed: 11, orders: 12, days: 2 }).emissions);
    for (const door of ['events', 'webhook', 'edi'] as const) {
      const mine = messages.filter((m) => doorOf(m, plan) === door);
      expect(doors[door].messages, door).toBe(mine.length);
      expect(doors[door].messages, door).toBeGreaterThan(0);
      expect(doors[door].rejected, door).toBe(mine.filter((m) => m.malformed).length);
      expect(doors[door].accepted, door).toBeGreaterThan(0);
    }
  }, 180_000);
});
