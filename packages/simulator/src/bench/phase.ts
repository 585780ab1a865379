import type { Admin } from 'kafkajs';
import type { SimClock } from '../clock.js';
import type { Emission } from '../emissions.js';
import { publish, type PublishReport } from '../publish.js';
import { catchUp, serviceOfGroup, settled, type LagSample } from './lag.js';
import { sampleLag } from './probe.js';

export interface PhaseOptions {
  name: string;
  emissions: readonly Emission[];
  brokers: string[];
  topicPrefix: string;
  admin: Admin;
  services: readonly string[];
  /** Paces publishing by sim time; without it messages go as fast as the broker takes them. */
  clock?: SimClock;
  /** Every group idle at zero lag this long means the pipeline has drained. */
  stableMs?: number;
  timeoutMs: number;
  sampleEveryMs?: number;
  log: (line: string) => void;
}

export interface ServiceThroughput {
  consumed: number;
  seconds: number | null;
  perSecond: number | null;
}

export interface PhaseResult {
  name: string;
  startedAt: number;
  publishedAt: number;
  drainedAt: number | null;
  published: PublishReport;
  /** Source messages per second from first produce until every group had caught up. */
  eventsPerSecond: number | null;
  perService: Record<string, ServiceThroughput>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Publishes a slice of the day and samples every consumer group's offsets until all of them
 * have drained, then tells per service when it had read everything it would read.
 */
export async function runPhase(o: PhaseOptions): Promise<PhaseResult> {
  const every = o.sampleEveryMs ?? 250;
  const samples: LagSample[] = [await sampleLag(o.admin, o.topicPrefix)];
  const startedAt = Date.now();
  let publishedAt = 0;
  const publishing = publish(o.emissions, {
    brokers: o.brokers,
    topicPrefix: o.topicPrefix,
    clientId: `forewarn-bench-${o.name}`,
    bench: !o.clock,
    ...(o.clock ? { clock: o.clock } : {}),
  }).then((r) => {
    publishedAt = Date.now();
    o.log(`${o.name}: ${r.sent} messages published in ${(r.elapsedMs / 1000).toFixed(1)} s`);
    return r;
  });
  const deadline = startedAt + o.timeoutMs;
  let drained = false;
  while (Date.now() < deadline) {
    await sleep(every);
    samples.push(await sampleLag(o.admin, o.topicPrefix));
    if (publishedAt && settled(samples, o.stableMs ?? 3_000)) {
      drained = true;
      break;
    }
  }
  const published = await publishing;
  const groups = Object.keys(samples[samples.length - 1]!.groups);
  const perService: Record<string, ServiceThroughput> = {};
  let drainedAt: number | null = null;
  for (const service of o.services) {
    const own = groups.filter((g) => serviceOfGroup(g, o.services) === service);
    const { caughtUpAt, consumed } = catchUp(samples, own);
    const seconds = caughtUpAt === null ? null : (caughtUpAt - startedAt) / 1000;
    perService[service] = {
      consumed,
      seconds,
      perSecond: seconds ? Math.round(consumed / seconds) : null,
    };
  }
  if (drained) drainedAt = catchUp(samples, groups).caughtUpAt;
  else o.log(`${o.name}: consumers had not drained after ${o.timeoutMs / 1000} s`);
  const seconds = drainedAt === null ? null : (drainedAt - startedAt) / 1000;
  return {
    name: o.name,
    startedAt,
    publishedAt,
    drainedAt,
    published,
    eventsPerSecond: seconds ? Math.round(published.sent / seconds) : null,
    perService,
  };
}
