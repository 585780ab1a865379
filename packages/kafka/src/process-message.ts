import type { Logger } from '@forewarn/observability';
import type { BackoffOptions } from './backoff.js';
import { decideOnFailure, describeError, type DeadLetterReason } from './classify.js';
import type { ConsumedMessage, Decoder, MessageHandler } from './message.js';
import type { ConsumerMetrics } from './metrics.js';

/** Everything one message's processing touches, passed in so it runs without a broker in tests. */
export interface ProcessContext<T> {
  group: string;
  decode: Decoder<T>;
  handler: MessageHandler<T>;
  maxAttempts: number;
  backoff: BackoffOptions;
  random: () => number;
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

export type DecodeResult<T> = { ok: true; msg: ConsumedMessage<T> } | { ok: false; error: unknown };

export function tryDecode<T>(decode: Decoder<T>, msg: ConsumedMessage): DecodeResult<T> {
  try {
    return { ok: true, msg: { ...msg, value: decode(msg) } };
  } catch (error) {
    return { ok: false, error };
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
 * One message: decode (a failure goes straight to the DLQ), then the handler with retries.
 * Non-retriable errors and the last failed attempt go to the DLQ; the caller then resolves the
 * offset either way, so a poison message never blocks its partition.
 */
export async function processMessage<T>(
  ctx: ProcessContext<T>,
  msg: ConsumedMessage,
): Promise<Outcome> {
  const labels = { topic: msg.topic, group: ctx.group };
  const decoded = tryDecode(ctx.decode, msg);
  if (!decoded.ok) return sendToDeadLetter(ctx, msg, 'decode-failed', decoded.error, 1);

  for (let attempt = 1; ; attempt++) {
    const started = ctx.now();
    try {
      await ctx.handler({ ...decoded.msg, attempt });
      ctx.metrics.handleDuration.observe(
        { ...labels, mode: 'message' },
        (ctx.now() - started) / 1000,
      );
      ctx.metrics.processed.inc(labels);
      return 'handled';
    } catch (error) {
      ctx.metrics.failed.inc(labels);
      const decision = decideOnFailure(error, attempt, ctx);
      if (decision.action === 'dead-letter') {
        return sendToDeadLetter(ctx, msg, decision.reason, error, attempt);
      }
      ctx.logger.warn(
        { ...coordinates(msg), attempt, retryInMs: decision.delayMs, error: describeError(error) },
        'handler failed; retrying',
      );
      if (!(await ctx.pause(decision.delayMs)) || ctx.shouldStop()) return 'aborted';
    }
  }
}
