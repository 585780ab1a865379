import { describeError, type GiveUpReason } from '@forewarn/platform';
import type { ConsumedMessage } from './message.js';
import type { OutgoingMessage } from './producer.js';

/**
 * Why a message went to the dead-letter queue: the kit's retry policy gave up on it, or its
 * record could not be decoded at all.
 */
export type DeadLetterReason = 'decode-failed' | GiveUpReason;

/** The header contract of dead-lettered messages; tools that re-drive the DLQ read these. */
export const DLQ_HEADERS = {
  reason: 'dlq.reason',
  error: 'dlq.error',
  sourceTopic: 'dlq.source.topic',
  sourcePartition: 'dlq.source.partition',
  sourceOffset: 'dlq.source.offset',
  consumerGroup: 'dlq.consumer.group',
  attempts: 'dlq.attempts',
  failedAt: 'dlq.failed-at',
} as const;

export interface DeadLetterContext {
  group: string;
  reason: DeadLetterReason;
  error: unknown;
  attempts: number;
  failedAt: Date;
}

/**
 * The message as it arrived (same key and value bytes, same headers, so a re-drive is a plain
 * copy back) plus `dlq.*` headers saying why and where from. A later failure of a re-driven
 * message overwrites the previous `dlq.*` values.
 */
export function deadLetterMessage(
  msg: ConsumedMessage<unknown>,
  ctx: DeadLetterContext,
): OutgoingMessage {
  return {
    key: msg.raw.key,
    value: msg.raw.value,
    headers: {
      ...msg.raw.headers,
      [DLQ_HEADERS.reason]: ctx.reason,
      [DLQ_HEADERS.error]: describeError(ctx.error),
      [DLQ_HEADERS.sourceTopic]: msg.topic,
      [DLQ_HEADERS.sourcePartition]: String(msg.partition),
      [DLQ_HEADERS.sourceOffset]: msg.offset,
      [DLQ_HEADERS.consumerGroup]: ctx.group,
      [DLQ_HEADERS.attempts]: String(ctx.attempts),
      [DLQ_HEADERS.failedAt]: ctx.failedAt.toISOString(),
    },
  };
}
