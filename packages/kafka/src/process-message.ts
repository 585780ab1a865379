import type { Logger } from '@forewarn/observability';
import {
  classifyFailure,
  decideOnFailure,
  describeError,
  NO_FAILURES,
  type FailureDecision,
  type FailureTally,
  type RetryPolicy,
} from '@forewarn/platform';
import type { DeadLetterReason } from './dead-letter.js';
import type { ConsumedMessage, Decoder, MessageHandler } from './message.js';
import type { ConsumerMetrics } from './metrics.js';
import { traceDecode, traceMessage } from './tracing.js';

/** Everything one message's processing touches, passed in so it runs without a broker in tests. */
export interface ProcessContext<T> {
  group: string;
  decode: Decoder<T>;
  handler: MessageHandler<T>;
  policy: RetryPolicy;
  now: () => number;
  /** Waits between attempts; resolves false when a stop cut the wait short. */
  pause: (ms: number) => Promise<boolean>;
  shouldStop: () => boolean;
  deadLetter: (
    msg: ConsumedMessage,
    reason: DeadLetterReason,
    error: unknown,
    attempts: number,
  ) => Promise<void>;
  metrics: ConsumerMetrics;
  logger: Logger;
}

/** `aborted`: stopped between attempts; the offset must not be resolved. */
export type Outcome = 'handled' | 'dead-lettered' | 'aborted';

/** `aborted`: a stop came while the decoder waited on a dependency. */
export type DecodeResult<T> =
  | { ok: true; msg: ConsumedMessage<T> }
  | { ok: false; error: unknown }
  | { ok: false; aborted: true };

/**
 * Decodes one record. A failure the one classifier calls transient (the decoder's dependency,
 * say a schema registry, away) is no fault of the record: the partition is held and the decode
 * retried for as long as it takes. Any other failure is the record's: the caller dead-letters it.
 */
export async function tryDecode<T>(
  ctx: ProcessContext<T>,
  msg: ConsumedMessage,
): Promise<DecodeResult<T>> {
  const stall = partitionHold(ctx, msg.topic, msg.partition);
  let tally = NO_FAILURES;
  try {
    for (;;) {
      try {
        return { ok: true, msg: { ...msg, value: await ctx.decode(msg) } };
      } catch (error) {
        if (classifyFailure(error) !== 'transient') return { ok: false, error };
        const next = afterFailure(ctx, error, tally, coordinates(msg));
        tally = next.tally;
        if (next.decision.action !== 'retry') return { ok: false, error };
        stall.hold();
        if (!(await ctx.pause(next.decision.delayMs)) || ctx.shouldStop())
          return { ok: false, aborted: true };
      }
    }
  } finally {
    stall.release();
  }
}

export function coordinates(msg: ConsumedMessage<unknown>): Record<string, unknown> {
  return { topic: msg.topic, partition: msg.partition, offset: msg.offset, key: msg.key };
}

export async function sendToDeadLetter<T>(
  ctx: ProcessContext<T>,
  msg: ConsumedMessage,
  reason: DeadLetterReason,
  error: unknown,
  attempts: number,
): Promise<'dead-lettered'> {
  ctx.logger.error(
    { ...coordinates(msg), reason, attempts, error: describeError(error) },
    'dead-lettering message',
  );
  await ctx.deadLetter(msg, reason, error, attempts);
  ctx.metrics.deadLettered.inc({ topic: msg.topic, group: ctx.group, reason });
  return 'dead-lettered';
}

/**
 * The partition's "held on a dependency" flag (the gauge readiness reads): raised on a transient
 * failure, lowered when the message in hand settles or the wait is abandoned.
 */
export function partitionHold(
  ctx: Pick<ProcessContext<unknown>, 'group' | 'metrics' | 'logger'>,
  topic: string,
  partition: number,
) {
  const labels = { topic, partition: String(partition), group: ctx.group };
  let since: number | undefined;
  return {
    hold(): void {
      if (since !== undefined) return;
      since = Date.now();
      ctx.metrics.stalled.set(labels, 1);
    },
    release(): void {
      if (since === undefined) return;
      ctx.logger.info(
        { topic, partition, stalledMs: Date.now() - since },
        'partition no longer held on a transient failure',
      );
      since = undefined;
      ctx.metrics.stalled.set(labels, 0);
    },
  };
}

/** Records one failed attempt and decides the next step (the platform kit's retry policy). */
export function afterFailure<T>(
  ctx: ProcessContext<T>,
  error: unknown,
  tally: FailureTally,
  where: Record<string, unknown>,
): { decision: FailureDecision; tally: FailureTally } {
  ctx.metrics.failed.inc({ topic: String(where.topic), group: ctx.group });
  const next = decideOnFailure(error, tally, ctx.policy);
  if (next.decision.action === 'retry') {
    ctx.logger.warn(
      {
        ...where,
        failures: next.tally.consecutive,
        kind: next.decision.kind,
        retryInMs: next.decision.delayMs,
        error: describeError(error),
      },
      next.decision.kind === 'transient'
        ? 'a dependency is unavailable; holding the partition and retrying'
        : 'handler failed; retrying',
    );
  }
  return next;
}

/**
 * One message: decode (a failure goes straight to the DLQ), then the handler with retries.
 * Transient failures are retried without end while the partition is held; poison messages and
 * the last attempt after unknown failures go to the DLQ, and the caller then resolves the offset.
 */
export function processMessage<T>(ctx: ProcessContext<T>, msg: ConsumedMessage): Promise<Outcome> {
  return traceMessage(msg, ctx.group, (span) => processUntraced(ctx, msg, span));
}

async function processUntraced<T>(
  ctx: ProcessContext<T>,
  msg: ConsumedMessage,
  span: Parameters<typeof traceDecode>[0],
): Promise<Outcome> {
  const labels = { topic: msg.topic, group: ctx.group };
  const decoded = await traceDecode(span, () => tryDecode(ctx, msg));
  if (!decoded.ok) {
    if ('aborted' in decoded) return 'aborted';
    return sendToDeadLetter(ctx, msg, 'decode-failed', decoded.error, 1);
  }

  const stall = partitionHold(ctx, msg.topic, msg.partition);
  let tally = NO_FAILURES;
  try {
    for (;;) {
      const started = ctx.now();
      try {
        await ctx.handler({ ...decoded.msg, attempt: tally.consecutive + 1 });
        ctx.metrics.handleDuration.observe(
          { ...labels, mode: 'message' },
          (ctx.now() - started) / 1000,
        );
        ctx.metrics.processed.inc(labels);
        return 'handled';
      } catch (error) {
        const next = afterFailure(ctx, error, tally, coordinates(msg));
        tally = next.tally;
        const { decision } = next;
        if (decision.action === 'dead-letter') {
          return await sendToDeadLetter(ctx, msg, decision.reason, error, tally.consecutive);
        }
        if (decision.kind === 'transient') stall.hold();
        if (!(await ctx.pause(decision.delayMs)) || ctx.shouldStop()) return 'aborted';
      }
    }
  } finally {
    stall.release();
  }
}
