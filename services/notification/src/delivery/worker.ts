import { hostname } from 'node:os';
import { storedTraceContext, withTransaction } from '@forewarn/db';
import { SpanKind, withStoredTrace } from '@forewarn/observability';
import { retryDelay, startHeartbeat, uuidV7, type RetryPolicy } from '@forewarn/runtime/platform';
import { asDeliveryError, type ChannelProvider, type SendResult } from '../channels/provider.js';
import { claimDue, type SendGroup } from '../db/claim.js';
import { renewLease } from '../db/lease.js';
import { recordFailed, recordSent, type AcceptedSend } from '../db/record.js';
import { markOutcomeUnknown, markSentUnrecorded, recoverExpired } from '../db/recovery.js';
import { CHANNELS, type Channel } from '../domain/channels.js';
import { available, fullBucket, take, type Bucket } from '../domain/rate-limit.js';
import { afterFailure } from '../domain/retry-policy.js';
import { runInChains } from './chains.js';
import type { DeliveryDeps } from './deps.js';
import { groupCommit } from './group-commit.js';
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

/** Full records of an accepted send tried before the one-statement sent-unrecorded mark is tried too. */
const RECORD_TRIES = 4;
const RECORD_BACKOFF_MS = 250;
const RECORD_BACKOFF_CAP_MS = 5_000;

/** A send's outcome as its chain sees it: `recorded` settles once an accepted send is written. */
interface Delivered {
  recorded: Promise<boolean>;
}
const NOT_SENT: Delivered = { recorded: Promise.resolve(false) };

const isCrash = (err: unknown) => (err as { simulatedCrash?: boolean }).simulatedCrash === true;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createDeliveryWorker(deps: DeliveryDeps): DeliveryWorker {
  const buckets = new Map<Channel, Bucket>();
  const log = deps.logger.child({ component: 'delivery' });
  const resendable = CHANNELS.filter((c) => deps.providers[c]?.dedupesByKey ?? true);
  const owner = deps.workerId ?? `${hostname()}:${process.pid}:${uuidV7()}`;
  const wallNow = deps.wallNow ?? Date.now;
  /**
   * Notices this worker claimed and has not settled. Its leases on them lapse when it cannot reach
   * the database to renew them (an outage), yet it is alive and records them once it can: its own
   * recovery must not take them from under it and send them again.
   */
  const held = new Set<string>();
  /**
   * Wall time since which this worker has reached the database without a failure. Another
   * worker's lease is judged only after a full lease length of it: a live owner cut off by the
   * same outage renews or records within that time, so only a dead (or cut-off) owner's sends
   * are taken over.
   */
  let dbUpSince: number | null = null;
  /** Wall time of the last failure to reach the database: leases renewed before it are in doubt. */
  let dbFailedAt = -Infinity;
  const dbFailed = () => {
    dbUpSince = null;
    dbFailedAt = wallNow();
  };
  /**
   * Wall time from which each held notice's lease is known to run a full lease length: when it
   * was claimed or its batch's heartbeat last renewed it (the time the write was made, not when
   * it returned, so never later than the truth).
   */
  const leasedAt = new Map<string, number>();
  /**
   * Accepted sends are recorded together: those that finish while one record is in flight go in
   * the next, in one statement (was a transaction of seven statements per send).
   */
  const recordTogether = groupCommit<AcceptedSend[]>(async (lists) => {
    await recordSent(deps.pool, lists.flat());
  });
  /** The kit's retry policy for the record of an accepted send: it never gives up. */
  const recordRetry: RetryPolicy = {
    maxAttempts: Infinity,
    backoff: {
      initialMs: RECORD_BACKOFF_MS,
      maxMs: Math.max(RECORD_BACKOFF_MS, Math.min(RECORD_BACKOFF_CAP_MS, deps.leaseMs / 4)),
      factor: 2,
    },
    jitter: 'none',
  };

  /**
   * Keeps the leases of a whole claimed batch alive, one statement for all its held notices every
   * third of a lease length, until stopped: a lease covers the wait in the chains as well as the
   * send and its record, or a backlog longer than the lease is taken over and sent twice. A
   * heartbeat, not a poller: a poller waits for its tick, so one slow renewal (a loaded database)
   * would push the next one past the lease's end and let another worker take a live send over.
   * A failed renewal is a database the worker cannot reach: no takeover until it is back, and no
   * send without renewing first (stillOurs).
   */
  function holdBatch(groups: readonly SendGroup[]): () => void {
    const ids = groups.flatMap((g) => g.notices.map((n) => n.notice_id));
    if (ids.length === 0) return () => undefined;
    return startHeartbeat({
      everyMs: deps.leaseMs / 3,
      beat: async () => {
        const asked = ids.filter((id) => held.has(id));
        if (asked.length === 0) return;
        const renewed = await renew(asked);
        const lost = asked.filter((id) => held.has(id) && !renewed.has(id));
        if (lost.length > 0) log.warn({ notices: lost }, 'lease lost while held');
      },
      onError: (err) => {
        dbFailed();
        log.warn({ err, notices: ids }, 'claimed batch lease heartbeat failed');
      },
    });
  }

  /** Renews the leases of `ids`; returns those renewed (still ours). */
  async function renew(ids: readonly string[]): Promise<Set<string>> {
    const from = wallNow();
    const renewed = new Set(await renewLease(deps.pool, ids, owner, new Date(from + deps.leaseMs)));
    for (const id of renewed) leasedAt.set(id, from);
    return renewed;
  }

  /**
   * The provider took the message: from here it is never sent again. The record is retried for
   * as long as it takes (a database outage outlasts any fixed number of tries, and a lease left
   * to run out meant a second mail once the database returned); after a few tries the notice may
   * instead be marked sent-but-unrecorded in one statement, settled later without sending. The
   * notices stay in `held` meanwhile, so this worker's recovery leaves them alone.
   */
  async function recordAccepted(group: SendGroup, claimedAt: Date, result: SendResult) {
    const ids = group.notices.map((n) => n.notice_id);
    const sentAt = deps.now();
    // Taken here, in the send's span: the record may run in another send's group.
    const headers = storedTraceContext(null) ?? {};
    const sends = group.notices.map((notice) => ({
      notice,
      claimedAt,
      sentAt,
      providerMessageId: result.providerMessageId,
      headers,
    }));
    for (let attempt = 1; ; attempt++) {
      try {
        await deps.afterSend?.(group);
        // A retry goes alone: a record the database refuses must not fail others' with it.
        await (attempt === 1 ? recordTogether(sends) : recordSent(deps.pool, sends));
        return;
      } catch (err) {
        if (isCrash(err)) throw err;
        dbFailed();
        log.warn({ notices: ids, err, attempt }, 'recording a sent notice failed');
      }
      if (attempt >= RECORD_TRIES) {
        const marked = await markSentUnrecorded(
          deps.pool,
          ids,
          claimedAt,
          deps.now(),
          result.providerMessageId,
        ).then(
          () => true,
          (err: unknown) => {
            log.error({ notices: ids, err }, 'marking a sent notice failed; trying again');
            return false;
          },
        );
        if (marked) return;
      }
      await sleep(retryDelay(recordRetry, attempt));
    }
  }

  /**
   * Whether the group's lease is surely ours right before its send: a group that waited in the
   * chains while the database was away, or whose lease was taken over, is not sent (its lease
   * runs out and it is sent once, later), so no send is made that could not be recorded shortly
   * before. Renewed at the claim or by the batch's heartbeat within half a lease, with no database
   * failure since, it is (the heartbeat renews every third, so a healthy batch never asks);
   * otherwise the lease is renewed here first, one statement per send as it always was.
   */
  async function stillOurs(group: SendGroup): Promise<boolean> {
    const ids = group.notices.map((n) => n.notice_id);
    const now = wallNow();
    const fresh = (id: string) => {
      const at = leasedAt.get(id);
      return at !== undefined && at > dbFailedAt && now - at < deps.leaseMs / 2;
    };
    if (ids.every(fresh)) return true;
    try {
      const renewed = await renew(ids);
      if (renewed.size === ids.length) return true;
      log.warn({ notices: ids }, 'claim lost before the send; not sending');
    } catch (err) {
      dbFailed();
      log.warn({ notices: ids, err }, 'database unreachable before the send; not sending');
    }
    return false;
  }

  async function recordFailure(group: SendGroup, claimedAt: Date, err: unknown, known: boolean) {
    const e = known ? asDeliveryError(err) : { message: (err as Error).message, retriable: false };
    const now = deps.now();
    log.warn({ notices: group.notices.map((n) => n.notice_id), err: e.message }, 'send failed');
    const failures = group.notices.map((notice) => ({
      notice,
      claimedAt,
      next: afterFailure(
        {
          attempts: notice.attempts,
          channelAttempts: notice.channel_attempts,
          destinationIndex: notice.destination_index,
          destinationCount: notice.destinations.length,
          retriable: e.retriable,
        },
        deps.policy,
        now,
        deps.random,
      ),
    }));
    // One statement for the group (was a transaction of four statements a notice).
    await recordFailed(deps.pool, failures, now, e);
    const failedOver = new Set<Channel>();
    for (const { notice, next } of failures)
      if (next.action === 'retry' && next.failover) {
        const to = notice.destinations[next.destinationIndex];
        if (to) failedOver.add(to.channel);
      }
    if (failedOver.size > 0) deps.dueNow?.(failedOver);
  }

  /**
   * One send, in a span continuing the trace of the event that triggered its notices. Resolves
   * once the provider has answered (and a failure is recorded), with the record of an accepted
   * send still going on in `recorded`.
   */
  function deliver(
    group: SendGroup,
    channel: Channel,
    provider: ChannelProvider | undefined,
  ): Promise<Delivered> {
    return withStoredTrace(
      group.notices.map((n) => n.trace_context),
      `notice send ${channel}`,
      {
        stage: 'notice.send',
        kind: SpanKind.CLIENT,
        attributes: { 'forewarn.channel': channel, 'forewarn.notices': group.notices.length },
      },
      () => deliverUntraced(group, channel, provider),
    );
  }

  async function deliverUntraced(
    group: SendGroup,
    channel: Channel,
    provider: ChannelProvider | undefined,
  ): Promise<Delivered> {
    const claimedAt = group.notices[0]!.sending_since!;
    if (!(await stillOurs(group))) {
      release(group);
      return NOT_SENT;
    }
    let result: SendResult;
    try {
      if (!provider) throw new Error(`no ${channel} provider is configured`);
      const msg = buildMessage(deps.templates, group);
      result = await withTimeout(provider.send(msg), deps.timeoutsMs[channel], `${channel} send`);
    } catch (err) {
      try {
        await settleFailedSend(group, channel, provider, claimedAt, err);
      } finally {
        release(group);
      }
      return NOT_SENT;
    }
    // Accepted: never sent again. The record goes on while the chain moves on to its next send:
    // each send waited for the one before it to be written, so a channel sent at most
    // DELIVERY_CONCURRENCY notices per database round trip, and under a busy database (the
    // bench: 100-600 ms a transaction) email notices waited 16 s for their claim (issue 17). The
    // notice stays held until recorded, and the batch, its lease heartbeat included, waits for
    // every record before it ends.
    const recorded = recordAccepted(group, claimedAt, result)
      .then(() => true)
      .finally(() => release(group));
    // Awaited by the batch; handled here too, so a crash in it is never an unhandled rejection
    // in the moment before the batch takes it.
    recorded.catch(() => undefined);
    return { recorded };
  }

  /** A send the provider did not accept: recorded as failed, or as unknown when it may have gone. */
  async function settleFailedSend(
    group: SendGroup,
    channel: Channel,
    provider: ChannelProvider | undefined,
    claimedAt: Date,
    err: unknown,
  ): Promise<void> {
    if (provider && isTimeout(err) && !provider.dedupesByKey) {
      // It may have gone out: settle by the provider's status, never by sending again.
      const now = deps.now();
      const lookupAt = new Date(now.getTime() + deps.timeoutsMs[channel]);
      await withTransaction(deps.pool, async (c) => {
        for (const n of group.notices)
          await markOutcomeUnknown(c, n, claimedAt, now, (err as Error).message, lookupAt);
      });
      return;
    }
    await recordFailure(group, claimedAt, err, provider !== undefined);
  }

  function release(group: SendGroup) {
    for (const n of group.notices) {
      held.delete(n.notice_id);
      leasedAt.delete(n.notice_id);
    }
  }

  async function runChannel(channel: Channel): Promise<number> {
    const limit = deps.rateLimits[channel];
    // A provider's rate is per wall second, like a lease: on the simulated clock the bucket
    // refilled 4320 times too fast at 4320×, and never once that clock stopped at the day's end,
    // which left the notices due then pending for good.
    const at = wallNow();
    const bucket = buckets.get(channel) ?? fullBucket(limit, at);
    const allowed = Math.min(deps.batchSize, available(bucket, limit, at));
    const groups = await claimDue(deps.pool, channel, allowed, deps.now(), {
      owner,
      until: new Date(at + deps.leaseMs),
    });
    buckets.set(channel, take(bucket, limit, at, groups.length));
    for (const g of groups)
      for (const n of g.notices) {
        held.add(n.notice_id);
        leasedAt.set(n.notice_id, at);
      }
    const provider = deps.providers[channel];
    const stopHold = holdBatch(groups);
    // One group's failure to record its send (the database away) must not end the batch while
    // other groups are still recording theirs: they stay held until they have.
    const stepFailed = (g: SendGroup) => (err: unknown) => {
      if (isCrash(err)) throw err;
      dbFailed();
      log.warn({ notices: g.notices.map((n) => n.notice_id), err }, 'delivery step failed');
      return false;
    };
    const records: Promise<boolean>[] = [];
    try {
      await runInChains(
        groups,
        (g) => g.notices[0]!.contact_id,
        deps.concurrency ?? 1,
        (g) =>
          deliver(g, channel, provider).then(
            ({ recorded }) => void records.push(recorded.catch(stepFailed(g))),
            stepFailed(g),
          ),
      );
      const outcomes = await Promise.all(records);
      return outcomes.filter(Boolean).length;
    } finally {
      stopHold();
      // Groups a crash left undelivered: their leases run out and recovery sends them.
      groups.forEach(release);
    }
  }

  /** Takes over other workers' lapsed sends, once this worker has had the database a full lease. */
  async function takeOver(): Promise<void> {
    if (dbUpSince === null) {
      await deps.pool.query('SELECT 1');
      dbUpSince = wallNow();
    }
    if (wallNow() - dbUpSince < deps.leaseMs) return;
    const recovered = await recoverExpired(deps.pool, deps.now(), resendable, new Date(wallNow()), [
      ...held,
    ]);
    if (recovered.length)
      log.warn({ count: recovered.length }, 'took over notices whose lease expired');
  }

  async function maintain(): Promise<void> {
    try {
      await takeOver();
      await resolveUnknown(deps, log);
    } catch (err) {
      dbFailed();
      throw err;
    }
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
