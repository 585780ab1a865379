import { parseArgs } from 'node:util';
import { CLOCK_ENV, clockVariable } from './clock.js';
import type { SimConfigInput } from './config.js';

export interface RunCommand {
  config: SimConfigInput;
  /** Sim ms per wall ms. */
  speed: number;
  /** Wall instant at which sim time equals the start (default: when publishing begins). */
  anchor?: string;
  bench: boolean;
  out: string;
  dryRun: boolean;
  quiet: boolean;
  viaHttp?: number;
  /** Through ingestion's doors (EDI, webhook, JSON) with the seed's credentials. */
  doors: boolean;
  brokers: string[];
  topicPrefix: string;
  ingestionUrl: string;
  apiKey?: string;
}

export const USAGE = `usage: forewarn-sim run [options] | forewarn-sim credentials [--seed N --orders N --days N]
  credentials         print the ingestion settings (API_KEYS, SOURCE_HMAC_SECRETS) that --doors
                      presents for this seed, to configure the ingestion service with
run options:
  --seed N            PRNG seed (default 42)
  --orders N          orders on the main day (default 500)
  --days N            simulated window in days (default 8)
  --start ISO         sim start instant (default $${CLOCK_ENV.start} or 2025-03-10T04:00:00Z)
  --speed N           sim ms per wall ms (default $${CLOCK_ENV.speed} or 720: a day in 2 minutes)
  --anchor ISO|MS     wall time at which sim time = start (default $${CLOCK_ENV.anchor} or now)
  --bench             publish as fast as possible, ignoring the clock
  --out DIR           where ground-truth.json, customers.json, requests.json go (default .forewarn/sim)
  --run-tag TAG       mixed into ids so repeated runs do not collide
  --via-http SHARE    send this share (0-1) of the messages through POST /v1/events
  --doors             as the main job does: one carrier's tracking as X12 214 files (/v1/edi),
                      another's by its signed webhook, a share of ERP/WMS orders as JSON
                      (/v1/events), the rest to Kafka; history is sent at the window start
  --dry-run           generate and write files, publish nothing
  --quiet             no progress output
env: KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, FOREWARN_INGESTION_URL (http://127.0.0.1:4105), FOREWARN_API_KEY`;

export interface CredentialsCommand {
  config: SimConfigInput;
}

/** The options that decide which day is generated (both commands take them). */
const DAY_OPTIONS = {
  seed: { type: 'string' },
  orders: { type: 'string' },
  days: { type: 'string' },
  'run-tag': { type: 'string' },
} as const;

function dayConfig(values: {
  seed?: string | undefined;
  orders?: string | undefined;
  days?: string | undefined;
  'run-tag'?: string | undefined;
}): SimConfigInput {
  return {
    seed: number('seed', values.seed, 42),
    orders: number('orders', values.orders, 500),
    days: number('days', values.days, 8),
    ...(values['run-tag'] ? { runTag: values['run-tag'] } : {}),
  };
}

/** `credentials`: the day's source systems decide the keys, so it takes the day's options. */
export function parseCredentialsArgs(argv: string[]): CredentialsCommand {
  const [command, ...rest] = argv;
  if (command !== 'credentials') throw new Error(USAGE);
  const { values } = parseArgs({ args: rest, strict: true, options: DAY_OPTIONS });
  return { config: dayConfig(values) };
}

function number(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${text}`);
  return n;
}

export function parseRunArgs(argv: string[], env: Record<string, string | undefined>): RunCommand {
  const [command, ...rest] = argv;
  if (command !== 'run') throw new Error(USAGE);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      ...DAY_OPTIONS,
      start: { type: 'string' },
      speed: { type: 'string' },
      anchor: { type: 'string' },
      bench: { type: 'boolean', default: false },
      out: { type: 'string' },
      'via-http': { type: 'string' },
      doors: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  if (values.doors && values['via-http'] !== undefined)
    throw new Error('--doors and --via-http each choose how messages travel: give one');
  const start = values.start ?? clockVariable(env, 'start');
  const anchorText = values.anchor ?? clockVariable(env, 'anchor');
  const anchor =
    anchorText && /^\d+$/.test(anchorText)
      ? new Date(Number(anchorText)).toISOString()
      : anchorText;
  const apiKey = env.FOREWARN_API_KEY;
  return {
    config: { ...dayConfig(values), ...(start ? { start } : {}) },
    speed: number('speed', values.speed ?? clockVariable(env, 'speed'), 720),
    ...(anchor ? { anchor } : {}),
    bench: values.bench ?? false,
    out: values.out ?? '.forewarn/sim',
    dryRun: values['dry-run'] ?? false,
    quiet: values.quiet ?? false,
    ...(values['via-http'] !== undefined
      ? { viaHttp: number('via-http', values['via-http'], 0.1) }
      : {}),
    doors: values.doors ?? false,
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').filter(Boolean),
    topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
    ingestionUrl: env.FOREWARN_INGESTION_URL ?? 'http://127.0.0.1:4105',
    ...(apiKey ? { apiKey } : {}),
  };
}
