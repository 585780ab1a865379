import { withTransaction } from '@forewarn/db';
import type { Logger } from '@forewarn/observability';
import type { NoticeRow } from '../db/notice-row.js';
import { recordSent } from '../db/record.js';
import { claimUnknown, deferUnknown, releaseUnknown, unknownDue } from '../db/recovery.js';
import { buildMessage } from './messages.js';
import type { DeliveryDeps } from './deps.js';
import { withTimeout } from './timeout.js';

const LOOKUP_RETRY_MS = 60_000;

const accepted = (notice: NoticeRow, now: Date, providerMessageId: string | undefined) => ({
  notice,
  claimedAt: notice.sending_since!,
  sentAt: now,
  providerMessageId,
});

/**
 * Settles notices whose send outcome is unknown. One the provider accepted but we failed to
 * record (`accepted_at`) is recorded as sent, nothing asked and nothing sent. Others (SMS after a
 * crash or a timeout) by asking the provider, within the channel's timeout: sent → recorded as sent; not sent → released for a normal send; provider unreachable → ask
 * again later; no status API → left for a person (resend API).
 */
export async function resolveUnknown(deps: DeliveryDeps, log: Logger): Promise<void> {
  // Asked every poll and mostly nothing is due: one statement then, not a transaction of three.
  if (!(await unknownDue(deps.pool, deps.now()))) return;
  await withTransaction(deps.pool, async (c) => {
    const now = deps.now();
    for (const n of await claimUnknown(c, now, deps.batchSize)) {
      if (n.accepted_at) {
        const id = n.provider_message_id ?? undefined;
        await recordSent(c, [accepted(n, now, id)], 'recovery');
        continue;
      }
      const provider = deps.providers[n.channel];
      if (!provider?.lookup) {
        await deferUnknown(c, n, null, 'provider has no status lookup', now);
        continue;
      }
      const msg = buildMessage(deps.templates, { batchId: n.batch_id, notices: [n] });
      try {
        const found = await withTimeout(
          provider.lookup(msg, n.sending_since ?? n.created_at),
          deps.timeoutsMs[n.channel],
          `${n.channel} status lookup`,
        );
        if (found.status === 'sent') {
          await recordSent(c, [accepted(n, now, found.providerMessageId)], 'recovery');
        } else {
          await releaseUnknown(c, n, now);
        }
      } catch (err) {
        log.warn({ notice: n.notice_id, err: (err as Error).message }, 'status lookup failed');
        await deferUnknown(
          c,
          n,
          new Date(now.getTime() + LOOKUP_RETRY_MS),
          (err as Error).message,
          now,
        );
      }
    }
  });
}
