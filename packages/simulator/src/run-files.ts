import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimClock } from './clock.js';
import { ACTIVE_HOURS, ingestionFeedEnv } from './feeds.js';
import type { SimRun } from './generate-day.js';

/**
 * Detector settings the ground truth assumes. The SLA-breach branch of chronic_breach (3+
 * breached cases in 30 days) is off: nobody answers the cases of a simulated day, so every case
 * breaches and the branch would flag any customer with three cases, which says nothing about the
 * day's exceptions.
 */
export const DETECTOR_ENV = {
  DETECTOR_POLICY_OVERRIDES: JSON.stringify({ chronicBreachCount: 0 }),
};

/** The ground-truth document: what was injected, by when it is detectable, and the rules assumed. */
export function groundTruthDocument(run: SimRun, clock?: SimClock) {
  return {
    seed: run.config.seed,
    window: run.window,
    ...(clock
      ? {
          clock: {
            start: new Date(clock.start).toISOString(),
            speed: clock.speed,
            anchor: new Date(clock.anchor).toISOString(),
          },
        }
      : {}),
    assumptions: {
      ...run.config.thresholds,
      feedActiveHours: ACTIVE_HOURS,
      promiseDeadline:
        'ship: the warehouse carrier pickup, 17:00 local on the promised ship date; delivery: the end of the promised delivery date in the order timezone',
      feedSilence:
        'flagged at the first instant inside active hours at which the last message sent is at least feedSilenceMinutes old',
      ingestionEnv: ingestionFeedEnv(run.config.thresholds.feedSilenceMinutes),
      chronic:
        'one case per customer, when one failure mode hits the customer twice within repeatWindowDays',
      chronicSlaBreaches: `off: no CSR works the cases of a simulated day, so every case would breach its SLA; the detector runs with ${JSON.stringify(DETECTOR_ENV)}`,
    },
    config: run.config,
    counts: run.counts,
    exceptions: run.groundTruth,
    requests: run.requests,
  };
}

export async function writeRunFiles(
  dir: string,
  run: SimRun,
  clock?: SimClock,
  extra: Record<string, unknown> = {},
) {
  await mkdir(dir, { recursive: true });
  const write = (name: string, value: unknown) =>
    writeFile(join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  await Promise.all([
    write('ground-truth.json', groundTruthDocument(run, clock)),
    write('customers.json', { customers: run.customers, skus: run.skus }),
    write('requests.json', run.requests),
    write('counts.json', { ...run.counts, ...extra }),
  ]);
}
