import { setTimeout as sleep } from 'node:timers/promises';
import type { EachBatchPayload } from 'kafkajs';
import { describeError, NO_FAILURES } from '@forewarn/platform';
import { toConsumedMessage, type BatchHandler, type ConsumedMessage } from './message.js';
import {
  afterFailure,
  partitionHold,
  processMessage,
  sendToDeadLetter,
  tryDecode,
  type DecodeResult,
  type ProcessContext,
} from './process-message.js';
import { traceChunk, traceDecode, type ChunkTrace } from './tracing.js';

/** Retry waits are sliced so the group keeps hearing from us during long backoffs. */
const HEARTBEAT_SLICE_MS = 1_000;

export interface EachBatchOptions<T> {
  context: Omit<ProcessContext<T>, 'pause' | 'shouldStop'>;
  handleBatch?: BatchHandler<T>;
  batchSize: number;
  /** True once stop() was called; `signal` aborts retry waits at the same moment. */
  isStopping: () => boolean;
  signal: AbortSignal;
}

async function pauseWithHeartbeat(
  ms: number,
  signal: AbortSignal,
  heartbeat: () => Promise<void>,
  shouldStop: () => boolean,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!shouldStop()) {
    const left = deadline - Date.now();
    if (left <= 0) return true;
    await sleep(Math.min(left, HEARTBEAT_SLICE_MS), undefined, { signal }).catch(() => undefined);
    await heartbeat();
  }
  return false;
}

function chunksOf<M>(items: M[], size: number): M[][] {
  const out: M[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The eachBatch callback. Messages of the partition are taken in order; each one is settled
 * (handled or dead-lettered) before its offset is resolved, so a stop or a revoked partition
 * leaves exactly the unsettled messages for the next owner.
 */
export function createEachBatch<T>(
  opts: EachBatchOptions<T>,
): (payload: EachBatchPayload) => Promise<void> {
  const { context: base, batchSize } = opts;
  return async ({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }) => {
    const shouldStop = () => opts.isStopping() || !isRunning() || isStale();
    const ctx: ProcessContext<T> = {
      ...base,
      shouldStop,
      pause: (ms) => pauseWithHeartbeat(ms, opts.signal, heartbeat, shouldStop),
    };
    const { topic, partition, highWatermark } = batch;
    const lagLabels = { topic, partition: String(partition), group: base.group };

    const settled = async (msgs: ConsumedMessage[]) => {
      const last = msgs[msgs.length - 1];
      if (!last) return;
      for (const m of msgs) {
        base.metrics.eventAge.observe(
          { topic, group: base.group },
          Math.max(0, base.now() - m.timestamp) / 1000,
        );
        resolveOffset(m.offset);
      }
      base.metrics.lag.set(lagLabels, Math.max(0, Number(highWatermark) - Number(last.offset) - 1));
      await commitOffsetsIfNecessary();
      await heartbeat();
    };

    const messages = batch.messages.map((m) => toConsumedMessage(topic, partition, m));
    if (opts.handleBatch) {
      for (const chunk of chunksOf(messages, batchSize)) {
        if (shouldStop()) return;
        if (!(await processChunk(ctx, chunk, opts.handleBatch, settled))) return;
      }
      return;
    }
    for (const msg of messages) {
      if (shouldStop()) return;
      if ((await processMessage(ctx, msg)) === 'aborted') return;
      await settled([msg]);
    }
  };
}

/**
 * Hands the decodable messages of a chunk to `handleBatch` in one call (multi-row SQL). While it
 * fails transiently (a dependency away) the whole chunk is retried, holding the partition; any
 * other failure replays the chunk one message at a time with the single-message rules, so one
 * poison message ends up in the DLQ alone. Returns false when a stop interrupted the chunk.
 */
async function processChunk<T>(
  ctx: ProcessContext<T>,
  chunk: ConsumedMessage[],
  handleBatch: BatchHandler<T>,
  settled: (msgs: ConsumedMessage[]) => Promise<void>,
): Promise<boolean> {
  if (chunk.length === 0) return true;
  const traced = traceChunk(chunk, ctx.group);
  let outcome = 'aborted';
  try {
    const done = await processDecodedChunk(ctx, chunk, handleBatch, settled, traced);
    if (done !== 'aborted') outcome = done;
    return done !== 'aborted';
  } finally {
    traced.end(outcome);
  }
}

async function processDecodedChunk<T>(
  ctx: ProcessContext<T>,
  chunk: ConsumedMessage[],
  handleBatch: BatchHandler<T>,
  settled: (msgs: ConsumedMessage[]) => Promise<void>,
  traced: ChunkTrace,
): Promise<'handled' | 'one-by-one' | 'aborted'> {
  const first = chunk[0]!;
  const labels = { topic: first.topic, group: ctx.group };
  const where = {
    topic: first.topic,
    partition: first.partition,
    size: chunk.length,
    firstOffset: first.offset,
  };
  // In order, one at a time: a decoder waiting on its dependency holds the partition.
  const results: { msg: ConsumedMessage; decoded: DecodeResult<T> }[] = [];
  for (const [i, msg] of chunk.entries()) {
    const decoded = await traceDecode(traced.message(i), () => tryDecode(ctx, msg));
    if (!decoded.ok && 'aborted' in decoded) return 'aborted';
    results.push({ msg, decoded });
  }
  const good = results.flatMap((r) => (r.decoded.ok ? [r.decoded.msg] : []));
  const stall = partitionHold(ctx, first.topic, first.partition);
  let tally = NO_FAILURES;
  let started = ctx.now();
  try {
    for (;;) {
      started = ctx.now();
      try {
        if (good.length > 0) await traced.run(good, () => handleBatch(good));
        break;
      } catch (error) {
        const next = afterFailure(ctx, error, tally, where);
        tally = next.tally;
        const { decision } = next;
        if (decision.action === 'retry' && decision.kind === 'transient') {
          stall.hold();
          if (!(await ctx.pause(decision.delayMs)) || ctx.shouldStop()) return 'aborted';
          continue;
        }
        stall.release();
        ctx.logger.warn(
          { ...where, error: describeError(error) },
          'batch handler failed; handling the chunk one message at a time',
        );
        for (const msg of chunk) {
          if (ctx.shouldStop() || (await processMessage(ctx, msg)) === 'aborted') return 'aborted';
          await settled([msg]);
        }
        return 'one-by-one';
      }
    }
  } finally {
    stall.release();
  }
  // The messages' spans time their handling, not the offset commit that follows.
  traced.end('handled');
  ctx.metrics.handleDuration.observe({ ...labels, mode: 'batch' }, (ctx.now() - started) / 1000);
  ctx.metrics.processed.inc(labels, good.length);
  for (const { msg, decoded } of results) {
    if (!decoded.ok && 'error' in decoded)
      await sendToDeadLetter(ctx, msg, 'decode-failed', decoded.error, 1);
  }
  await settled(chunk);
  return 'handled';
}
