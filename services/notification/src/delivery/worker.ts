import { withTransaction } from '@forewarn/db';
import { asDeliveryError, type ChannelProvider } from '../channels/provider.js';
import { claimDue, type SendGroup } from '../db/claim.js';
import { recordFailed, recordSent } from '../db/record.js';
import { recoverStale } from '../db/recovery.js';
import { CHANNELS, type Channel } from '../domain/channels.js';
import { available, fullBucket, take, type Bucket } from '../domain/rate-limit.js';
import { afterFailure } from '../domain/retry-policy.js';
import { runInChains } from './chains.js';
import type { DeliveryDeps } from './deps.js';
import { buildMessage } from './messages.js';
import { resolveUnknown } from './resolve-unknown.js';

export type { DeliveryDeps };

export interface DeliveryWorker {
  /** One pass: recover, resolve unknowns, claim and send what is due. Returns messages sent. */
  runOnce(): Promise<number>;
}

export function createDeliveryWorker(deps: DeliveryDeps): DeliveryWorker {
  const buckets = new Map<Channel, Bucket>();
  const log = deps.logger.child({ component: 'delivery' });
  const resendable = CHANNELS.filter((c) => deps.providers[c]?.dedupesByKey ?? true);

  async function deliver(
    group: SendGroup,
    provider: ChannelProvider | undefined,
  ): Promise<boolean> {
    const claimedAt = group.notices[0]!.sending_since!;
    try {
      if (!provider) throw new Error(`no ${group.notices[0]!.channel} provider is configured`);
      const result = await provider.send(buildMessage(deps.templates, group));
      await deps.afterSend?.(group);
      await withTransaction(deps.pool, (c) =>
        recordSent(c, group.notices, claimedAt, deps.now(), result.providerMessageId),
      );
      return true;
    } catch (err) {
      if (deps.afterSend && (err as { simulatedCrash?: boolean }).simulatedCrash) throw err;
      const e = provider
        ? asDeliveryError(err)
        : { message: (err as Error).message, retriable: false };
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
      return false;
    }
  }

  async function sendChannel(channel: Channel): Promise<number> {
    const limit = deps.rateLimits[channel];
    const at = deps.now().getTime();
    const bucket = buckets.get(channel) ?? fullBucket(limit, at);
    const allowed = Math.min(deps.batchSize, available(bucket, limit, at));
    const groups = await withTransaction(deps.pool, (c) =>
      claimDue(c, channel, allowed, deps.now()),
    );
    buckets.set(channel, take(bucket, limit, at, groups.length));
    const provider = deps.providers[channel];
    const outcomes = await runInChains(
      groups,
      (g) => g.notices[0]!.contact_id,
      deps.concurrency ?? 1,
      (g) => deliver(g, provider),
    );
    return outcomes.filter(Boolean).length;
  }

  return {
    async runOnce() {
      const recovered = await withTransaction(deps.pool, (c) =>
        recoverStale(c, deps.now(), deps.staleMs, resendable),
      );
      if (recovered.length)
        log.warn({ count: recovered.length }, 'recovered notices of a dead worker');
      await resolveUnknown(deps, log);
      let sent = 0;
      for (const channel of CHANNELS) sent += await sendChannel(channel);
      return sent;
    },
  };
}
