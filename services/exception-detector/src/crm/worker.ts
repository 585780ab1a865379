import { withTransaction } from '@forewarn/db';
import type { Logger, Registry } from '@forewarn/observability';
import { startPoller } from '@forewarn/runtime/platform';
import type pg from 'pg';
import { claimCrmJob, completeCrmJob, failCrmJob, type ClaimedCrmJob } from '../db/crm-sync.js';
import { adapterCache } from './adapters.js';
import type { Fetch } from './http.js';
import { crmMetrics } from './metrics.js';
import { afterFailure, type RetryPolicy } from './retry-policy.js';
import type { CrmTarget } from './targets.js';

export interface CrmWorkerOptions {
  pool: pg.Pool;
  now: () => Date;
  targets: readonly CrmTarget[];
  logger: Logger;
  metrics: Registry;
  retry: RetryPolicy;
  fetch?: Fetch;
  random?: () => number;
  /** How long a claim holds a job before another worker may take it (a crash mid-send). */
  leaseMs?: number;
  /** Jobs sent per run at most. */
  maxPerRun?: number;
}

/** Sends due CRM jobs one by one: claim (committed), send, settle the outcome. */
export function crmSyncer(opts: CrmWorkerOptions) {
  const adapters = adapterCache(opts.fetch ?? fetch, opts.now);
  const metrics = crmMetrics(opts.metrics);
  const log = opts.logger.child({ component: 'crm-sync' });
  const leaseMs = opts.leaseMs ?? 60_000;

  async function settleFailure(job: ClaimedCrmJob, system: string, err: unknown) {
    const now = opts.now();
    const next = afterFailure(err, job.attempts, opts.retry, now, opts.random);
    const retriable = next.kind === 'retry' || next.reason === 'attempts_exhausted';
    metrics.failed.inc({ target: job.target, system, retriable: String(retriable) });
    await failCrmJob(opts.pool, job, next.error, next.kind === 'retry' ? next.at : undefined, now);
    if (next.kind === 'dead') {
      metrics.dead.inc({ target: job.target, system, reason: next.reason });
      log.error({ jobId: job.jobId, error: next.error, reason: next.reason }, 'CRM sync job dead');
    } else {
      log.warn({ jobId: job.jobId, error: next.error, retryAt: next.at }, 'CRM send failed');
    }
  }

  async function sendOne(job: ClaimedCrmJob): Promise<void> {
    const target = opts.targets.find((t) => t.name === job.target);
    if (!target) {
      await settleFailure(job, 'unknown', new Error(`CRM target ${job.target} is not configured`));
      return;
    }
    const adapter = adapters(target);
    try {
      const { crmId } = await adapter.sync({
        jobId: job.jobId,
        case: job.payload,
        ...(job.crmId ? { crmId: job.crmId } : {}),
        mayExist: job.mayExist,
      });
      await withTransaction(opts.pool, (db) =>
        completeCrmJob(db, job, adapter.system, crmId, opts.now()),
      );
      metrics.sent.inc({ target: job.target, system: adapter.system });
    } catch (err) {
      await settleFailure(job, adapter.system, err);
    }
  }

  return {
    /** Sends every job due now; returns how many were attempted. */
    async runOnce(): Promise<number> {
      let n = 0;
      for (; n < (opts.maxPerRun ?? 100); n++) {
        const now = opts.now();
        const job = await claimCrmJob(opts.pool, now, new Date(now.getTime() + leaseMs));
        if (!job) break;
        await sendOne(job);
      }
      return n;
    },
  };
}

export function startCrmWorker(opts: CrmWorkerOptions & { intervalMs: number }): {
  stop(): Promise<void>;
} {
  const syncer = crmSyncer(opts);
  return startPoller({
    name: 'CRM sync run',
    intervalMs: opts.intervalMs,
    tick: () => syncer.runOnce(),
    logger: opts.logger,
  });
}
