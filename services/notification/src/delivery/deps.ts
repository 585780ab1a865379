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
  /** A notice `sending` for longer than this belongs to a dead worker. */
  staleMs: number;
  batchSize: number;
  /** Provider calls in flight at once (default 1); one contact's notices never overlap. */
  concurrency?: number;
  /** Test seam: runs after the provider accepted a message and before the outcome is recorded. */
  afterSend?: (group: SendGroup) => Promise<void>;
}
