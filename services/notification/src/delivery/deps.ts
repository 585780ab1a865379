import type { Logger } from '@forewarn/observability';
import type pg from 'pg';
import type { ChannelProvider } from '../channels/provider.js';
import type { SendGroup } from '../db/claim.js';
import type { Channel } from '../domain/channels.js';
import type { RateLimit } from '../domain/rate-limit.js';
import type { RetryPolicy } from '../domain/retry-policy.js';
import type { TemplateStore } from '../templates/template-store.js';

/** What the delivery worker and the resolution of unknown outcomes work with. */
export interface DeliveryDeps {
  pool: pg.Pool;
  logger: Logger;
  now: () => Date;
  random?: () => number;
  providers: Partial<Record<Channel, ChannelProvider>>;
  templates: TemplateStore;
  policy: RetryPolicy;
  rateLimits: Record<Channel, RateLimit>;
  /** How long a claim holds without a heartbeat (renewed every third of it during a send). */
  leaseMs: number;
  /**
   * The clock leases are judged on (default Date.now): wall time, like the heartbeat's timer, since
   * a lease says whether a worker is alive, not where the simulated day is. On `now` at 4320×, a
   * 30 s lease lapsed in 7 wall ms and every send in flight was taken over.
   */
  wallNow?: () => number;
  /** Longest provider call per channel; one hung provider stalls only its own channel. */
  timeoutsMs: Record<Channel, number>;
  /** Names this worker in its leases; unique per process by default. */
  workerId?: string;
  batchSize: number;
  /** Provider calls in flight at once (default 1); one contact's notices never overlap. */
  concurrency?: number;
  /**
   * Hears the channels a failed send has just made a notice due on (a failover at once), so their
   * workers claim it now rather than at their next poll.
   */
  dueNow?: (channels: ReadonlySet<Channel>) => void;
  /**
   * Test seam: runs after the provider accepted a message, before each try to record the outcome
   * (throw `simulatedCrash` to die there, any other error to fail the record).
   */
  afterSend?: (group: SendGroup) => Promise<void>;
}
