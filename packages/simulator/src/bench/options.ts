import path from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  root: string;
  seed: number;
  orders: number;
  days: number;
  /** Share of the day's messages published unpaced; then some go paced, for latency. */
  burstShare: number;
  /** Average rate of the paced phase; default half the unpaced throughput. */
  pacedRate: number | undefined;
  /** Length of the paced phase; what is left of the day after it goes unpaced, unmeasured. */
  pacedSeconds: number;
  /** Services run with --cpu-prof, comma-separated; empty for none. */
  profile: string;
  pacedRun: boolean;
  pacedOrders: number;
  pacedDays: number;
  pacedSpeed: number;
  timeoutSeconds: number;
  keepTopics: boolean;
  json: boolean;
  save: boolean;
  brokers: string[];
  databaseUrl: string;
  /** HTTP port of the first service; the others follow (so a bench can run beside a demo). */
  basePort: number;
  /** Share of traces the services keep and export to the bench (0: tracing off). */
  traceShare: number;
  /** Instances of every service, each service's in one consumer group. */
  instances: number;
  /**
   * Seconds into the unpaced phase at which the last instance of every service stops (SIGTERM),
   * so its partitions move to the others under load; undefined: none stops. Needs instances > 1.
   */
  rebalanceAt: number | undefined;
  describe(): Record<string, string | number | boolean>;
}

const positive = (name: string, text: string): number => {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n))
    throw new RangeError(`--${name} must be a positive number: ${text}`);
  return n;
};

const port = (text: string): number => {
  const n = Number(text);
  // The stack takes five consecutive ports from it.
  if (!Number.isInteger(n) || n < 1 || n > 65_535 - 4)
    throw new RangeError(`--base-port must be a port number: ${text}`);
  return n;
};

export const USAGE = `pnpm bench [--orders 300] [--seed 42] [--days 8] [--burst-share 0.7] [--paced-rate N] [--paced-seconds 45]
  [--profile exception-detector|order|shipment|notification|ingestion[,…]|none]
  [--no-paced-run] [--paced-orders 60] [--paced-days 3] [--paced-speed 2880]
  [--timeout 240] [--base-port 4101] [--trace-share 0.02] [--keep-topics] [--json] [--no-save]
  [--instances 1] [--rebalance-at S (default 10 with --instances 2 or more; 0 for none)]`;

export function benchOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    allowNegative: true,
    options: {
      root: { type: 'string', default: process.cwd() },
      seed: { type: 'string', default: '42' },
      orders: { type: 'string', default: '300' },
      days: { type: 'string', default: '8' },
      'burst-share': { type: 'string', default: '0.7' },
      'paced-rate': { type: 'string' },
      'paced-seconds': { type: 'string', default: '45' },
      profile: { type: 'string', default: 'exception-detector' },
      'paced-run': { type: 'boolean', default: true },
      'paced-orders': { type: 'string', default: '60' },
      'paced-days': { type: 'string', default: '3' },
      'paced-speed': { type: 'string', default: '2880' },
      timeout: { type: 'string', default: '240' },
      'base-port': { type: 'string', default: '4101' },
      'trace-share': { type: 'string', default: '0.02' },
      instances: { type: 'string', default: '1' },
      'rebalance-at': { type: 'string' },
      'keep-topics': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      save: { type: 'boolean', default: true },
    },
  });
  const burstShare = Number(values['burst-share']);
  if (!(burstShare > 0 && burstShare <= 1)) throw new RangeError('--burst-share must be in (0, 1]');
  const traceShare = Number(values['trace-share']);
  if (!(traceShare >= 0 && traceShare <= 1))
    throw new RangeError('--trace-share must be in [0, 1]');
  const instances = Number(values.instances);
  if (!Number.isInteger(instances) || instances < 1 || instances > 9)
    throw new RangeError(`--instances must be a whole number from 1 to 9: ${values.instances}`);
  const rebalance = values['rebalance-at'] ?? (instances > 1 ? '10' : '0');
  const rebalanceAt = Number(rebalance);
  if (!(rebalanceAt >= 0) || !Number.isFinite(rebalanceAt))
    throw new RangeError(`--rebalance-at must be seconds (0 for none): ${rebalance}`);
  if (rebalanceAt > 0 && instances < 2)
    throw new RangeError('--rebalance-at needs --instances 2 or more');
  const o = {
    root: path.resolve(values.root),
    seed: Number(values.seed),
    orders: positive('orders', values.orders),
    days: positive('days', values.days),
    burstShare,
    pacedRate: values['paced-rate'] ? positive('paced-rate', values['paced-rate']) : undefined,
    pacedSeconds: positive('paced-seconds', values['paced-seconds']),
    profile: values.profile === 'none' ? '' : values.profile,
    pacedRun: values['paced-run'],
    pacedOrders: positive('paced-orders', values['paced-orders']),
    pacedDays: positive('paced-days', values['paced-days']),
    pacedSpeed: positive('paced-speed', values['paced-speed']),
    timeoutSeconds: positive('timeout', values.timeout),
    basePort: port(values['base-port']),
    traceShare,
    instances,
    rebalanceAt: rebalanceAt > 0 ? rebalanceAt : undefined,
    keepTopics: values['keep-topics'],
    json: values.json,
    save: values.save,
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/forewarn',
  };
  return {
    ...o,
    describe: () => {
      const { brokers, databaseUrl, root, pacedRate, rebalanceAt, ...rest } = o;
      void brokers;
      void databaseUrl;
      void root;
      return {
        ...rest,
        pacedRate: pacedRate ?? 'half the unpaced throughput',
        rebalanceAt: rebalanceAt ?? 'none',
      };
    },
  };
}
