import { hostname } from 'node:os';
import { withTransaction } from '@forewarn/db';
import { uuidV7 } from '@forewarn/runtime/platform';
import { asDeliveryError, type ChannelProvider, type SendResult } from '../channels/provider.js';
import { claimDue, type SendGroup } from '../db/claim.js';
import { renewLease } from '../db/lease.js';
import { recordFailed, recordSent } from '../db/record.js';
import { markOutcomeUnknown, markSentUnrecorded, recoverExpired } from '../db/recovery.js';
import { CHANNELS, type Channel } from '../domain/channels.js';
import { available, fullBucket, take, type Bucket } from '../domain/rate-limit.js';
import { afterFailure } from '../domain/retry-policy.js';
import { runInChains } from './chains.js';
import type { DeliveryDeps } from './deps.js';
import { buildMessage } from './messages.js';
import { resolveUnknown } from './resolve-unknown.js';
import { isTimeout, withTimeout } from './timeout.js';

export type { DeliveryDeps };

export interface DeliveryWorker {
  /** Takes over sends whose lease expired and settles unknown outcomes. */
  maintain(): Promise<void>;
  /** Claims and sends what is due on one channel. Returns messages sent. */
  runChannel(channel: Channel): Promise<number>;
  /** One pass over everything, channel after channel (tests and tools). */
  runOnce(): Promise<number>;
}

/** Tries to record an accepted send before giving up on the database for this send. */
const RECORD_TRIES = 4;
const RECORD_BACKOFF_MS = 250;

const isCrash = (err: unknown) => (err as { simulatedCrash?: boolean }).simulatedCrash === true;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createDeliveryWorker(deps: DeliveryDeps): DeliveryWorker {
  const buckets = new Map<Channel, Bucket>();
  const log = deps.logger.child({ component: 'delivery' });
  const resendable = CHANNELS.filter((c) => deps.providers[c]?.dedupesByKey ?? true);
  const owner = deps.workerId ?? `${hostname()}:${process.pid}:${uuidV7()}`;
  const wallNow = deps.wallNow ?? Date.now;
  const leaseUntil = () => new Date(wallNow() + deps.leaseMs);

  /** Renews the group's lease every third of its length until stopped. */
  function heartbeat(group: SendGroup): () => void {
    const ids = group.notices.map((n) => n.notice_id);
    const timer = setInterval(() => {
      renewLease(deps.pool, ids, owner, leaseUntil()).then(
        (renewed) => {
          if (renewed < ids.length) log.warn({ notices: ids }, 'lease lost during a send');
        },
        (err: unknown) => log.warn({ err }, 'lease heartbeat failed'),
      );
    }, deps.leaseMs / 3);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Keeps the leases of a whole claimed batch alive while its groups wait their turn in the
   * chains: a lease covers the wait, not only the send, or a backlog longer than the lease is
   * taken over and sent twice.
   */
  function holdBatch(groups: readonly SendGroup[]): () => void {
    const ids = groups.flatMap((g) => g.notices.map((n) => n.notice_id));
    if (ids.length === 0) return () => undefined;
    const timer = setInterval(() => {
      renewLease(deps.pool, ids, owner, leaseUntil()).catch((err: unknown) =>
        log.warn({ err }, 'batch lease heartbeat failed'),
      );
    }, deps.leaseMs / 3);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * The provider took the message: from here it is never sent again by this worker. Recording is
   * retried; if the database still refuses, the notice is marked sent-but-unrecorded in one
   * statement; if even that fails, the lease runs out and recovery repeats it under the same key
   * (email, webhook) or asks the provider (SMS).
   */
  async function recordAccepted(group: SendGroup, claimedAt: Date, result: SendResult) {
    const ids = group.notices.map((n) => n.notice_id);
    for (let attempt = 1; attempt <= RECORD_TRIES; attempt++) {
      try {
        await deps.afterSend?.(group);
        await withTransaction(deps.pool, (c) =>
          recordSent(c, group.notices, claimedAt, deps.now(), result.providerMessageId),
        );
        return;
      } catch (err) {
        if (isCrash(err)) throw err;
        log.warn({ notices: ids, err, attempt }, 'recording a sent notice failed');
        if (attempt < RECORD_TRIES) await sleep(RECORD_BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
    await markSentUnrecorded(deps.pool, ids, claimedAt, deps.now(), result.providerMessageId).catch(
      (err: unknown) => log.error({ notices: ids, err }, 'sent notice left to lease recovery'),
    );
  }

  async function recordFailure(group: SendGroup, claimedAt: Date, err: unknown, known: boolean) {
    const e = known ? asDeliveryError(err) : { message: (err as Error).message, retriable: false };
    const now = deps.now();
    log.warn({ notices: group.notices.map((n) => n.notice_id), err: e.message }, 'send failed');
    await withTransaction(deps.pool, async (c) => {
      for (const n of group.notices) {
        const next = afterFailure(
          {
            attempts: n.attempts,
            channelAttempts: n.channel_attempts,
            destinationIndex: n.destination_index,
            destinationCount: n.destinations.length,
            retriable: e.retriable,
          },
          deps.policy,
          now,
          deps.random,
        );
        await recordFailed(c, n, claimedAt, now, e, next);
      }
    });
  }

  async function deliver(
    group: SendGroup,
    channel: Channel,
    provider: ChannelProvider | undefined,
  ): Promise<boolean> {
    const claimedAt = group.notices[0]!.sending_since!;
    const stopHeartbeat = heartbeat(group);
    try {
      let result: SendResult;
      try {
        if (!provider) throw new Error(`no ${channel} provider is configured`);
        const msg = buildMessage(deps.templates, group);
        result = await withTimeout(provider.send(msg), deps.timeoutsMs[channel], `${channel} send`);
      } catch (err) {
        if (provider && isTimeout(err) && !provider.dedupesByKey) {
          // It may have gone out: settle by the provider's status, never by sending again.
          const now = deps.now();
          const lookupAt = new Date(now.getTime() + deps.timeoutsMs[channel]);
          await withTransaction(deps.pool, async (c) => {
            for (const n of group.notices)
              await markOutcomeUnknown(c, n, claimedAt, now, (err as Error).message, lookupAt);
          });
          return false;
        }
        await recordFailure(group, claimedAt, err, provider !== undefined);
        return false;
      }
      await recordAccepted(group, claimedAt, result);
      return true;
    } finally {
      stopHeartbeat();
    }
  }

  async function runChannel(channel: Channel): Promise<number> {
    const limit = deps.rateLimits[channel];
    const at = deps.now().getTime();
    const bucket = buckets.get(channel) ?? fullBucket(limit, at);
    const allowed = Math.min(deps.batchSize, available(bucket, limit, at));
    const groups = await withTransaction(deps.pool, (c) =>
      claimDue(c, channel, allowed, deps.now(), { owner, until: leaseUntil() }),
    );
    buckets.set(channel, take(bucket, limit, at, groups.length));
    const provider = deps.providers[channel];
    const stopHold = holdBatch(groups);
    try {
      const outcomes = await runInChains(
        groups,
        (g) => g.notices[0]!.contact_id,
        deps.concurrency ?? 1,
        (g) => deliver(g, channel, provider),
      );
      return outcomes.filter(Boolean).length;
    } finally {
      stopHold();
    }
  }

  async function maintain(): Promise<void> {
    const recovered = await withTransaction(deps.pool, (c) =>
      recoverExpired(c, deps.now(), resendable, new Date(wallNow())),
    );
    if (recovered.length)
      log.warn({ count: recovered.length }, 'took over notices whose lease expired');
    await resolveUnknown(deps, log);
  }

  return {
    maintain,
    runChannel,
    async runOnce() {
      await maintain();
      let sent = 0;
      for (const channel of CHANNELS) sent += await runChannel(channel);
      return sent;
    },
  };
}
