import type { Logger } from '@forewarn/observability';
import type { Consumer, Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import {
  classifyFailure,
  DEFAULT_BACKOFF,
  DEFAULT_TRANSIENT_BACKOFF,
  describeError,
  retryDelay,
  retrying,
  type BackoffOptions,
  type RetryPolicy,
} from '@forewarn/platform';
import { deadLetterMessage } from './dead-letter.js';
import { createEachBatch } from './each-batch.js';
import type { BatchHandler, ConsumedMessage, Decoder, MessageHandler } from './message.js';
import { consumerMetrics } from './metrics.js';
import { createProducer, type Producer } from './producer.js';

interface CommonOptions<T> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** Turns the raw record into the handler's value; a throw dead-letters the message at once. */
  decode?: Decoder<T>;
  deadLetterTopic: string;
  /** Attempts failing for an unknown reason before dead-lettering (default 5). */
  maxAttempts?: number;
  /** Waits after unknown failures. */
  backoff?: Partial<BackoffOptions>;
  /** Waits after transient failures (a dependency away), retried for as long as it takes. */
  transientBackoff?: Partial<BackoffOptions>;
  logger: Logger;
  metrics: Registry;
  /** Partitions handled in parallel; order holds within each partition (default 1). */
  partitionsConsumedConcurrently?: number;
  /** handleBatch mode: messages per call (default 100). */
  batchSize?: number;
  /** Where a new group starts (default true: from the earliest retained offset). */
  fromBeginning?: boolean;
  /** Producer for the DLQ; one of our own is created (and closed by stop()) if omitted. */
  producer?: Producer;
  /**
   * Called when the consumer has stopped for good on an error that is not a dependency being away
   * (a broker away is waited out in-process). Default: log and exit(1) for the supervisor.
   */
  onFatal?: (error: Error) => void;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Longest the broker holds an empty fetch (default 100 ms: latency over fetch count). */
  maxWaitTimeInMs?: number;
  /** Bytes the broker waits for, up to maxWaitTimeInMs, before it answers a fetch (default 1). */
  minBytes?: number;
  /** Resolved offsets are committed at least this often during long batches (default 5000). */
  commitIntervalMs?: number;
  random?: () => number;
  now?: () => number;
}

/** A per-message handler, a batch handler, or both (the batch one is tried first). */
export type RunConsumerOptions<T> = CommonOptions<T> &
  (
    | { handler: MessageHandler<T>; handleBatch?: BatchHandler<T> }
    | { handler?: MessageHandler<T>; handleBatch: BatchHandler<T> }
  );

export interface ConsumerHandle {
  /** Finishes the message in flight, commits what was settled, leaves the group. Idempotent. */
  stop(): Promise<void>;
  readonly consumer: Consumer;
}

/** Starting a consumer again while the broker is away: a transient wait, retried without end. */
const RESTART_RETRY: RetryPolicy = {
  maxAttempts: Infinity,
  backoff: DEFAULT_TRANSIENT_BACKOFF,
  jitter: 'none',
};

function exitProcess(logger: Logger): (error: Error) => void {
  return (error) => {
    logger.fatal(
      { error: describeError(error) },
      'consumer stopped for good; exiting so the supervisor restarts us',
    );
    process.exit(1);
  };
}

/**
 * Subscribing fetches the topics' metadata; a topic another process created a moment ago has no
 * elected leader yet and answers UNKNOWN_TOPIC_OR_PARTITION (retriable). Several services
 * starting together hit that window, so retriable errors are waited out instead of failing the
 * start.
 */
async function subscribeWhenSettled(
  consumer: Consumer,
  topics: string[],
  fromBeginning: boolean,
  logger: Logger,
  attempts = 8,
): Promise<void> {
  await retrying(() => consumer.subscribe({ topics, fromBeginning }), {
    policy: { maxAttempts: attempts, backoff: DEFAULT_BACKOFF, jitter: 'none' },
    // Only what kafkajs flags retriable waits; anything else fails the start at once.
    kindOf: (err) => ((err as { retriable?: boolean }).retriable === true ? 'unknown' : 'poison'),
    onRetry: (err, attempt) =>
      logger.warn({ error: describeError(err), attempt }, 'topics not settled yet; retrying'),
  });
}

/**
 * Starts an at-least-once consumer: per-partition order, retries with jittered backoff,
 * dead-lettering of poison messages, metrics, and a crash hook. Resolves once subscribed and
 * running; see README for the semantics.
 */
export async function runConsumer<T = Buffer | null>(
  opts: RunConsumerOptions<T>,
): Promise<ConsumerHandle> {
  const logger = opts.logger.child({ component: 'consumer', group: opts.groupId });
  const handleBatch = opts.handleBatch;
  const handler: MessageHandler<T> = opts.handler ?? ((msg) => handleBatch!([msg]));
  const decode = opts.decode ?? ((msg: ConsumedMessage) => msg.value as T);
  const now = opts.now ?? Date.now;
  const onFatal = opts.onFatal ?? exitProcess(logger);

  const ownProducer = opts.producer ? undefined : createProducer(opts.kafka, { logger });
  const producer = opts.producer ?? ownProducer!;
  const consumer = opts.kafka.consumer({
    groupId: opts.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: opts.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: opts.heartbeatIntervalMs ?? 3_000,
    maxWaitTimeInMs: opts.maxWaitTimeInMs ?? 100,
    minBytes: opts.minBytes ?? 1,
  });

  const abort = new AbortController();
  let stopping = false;
  let stopped: Promise<void> | undefined;

  let restarting: Promise<void> | undefined;
  /**
   * kafkajs gives up for good once its retries ran out against a broker that stays away. Exiting
   * then would take the service's other work down with it (SLA timers fire from PostgreSQL while
   * Kafka is away) and a fresh process cannot start without the broker either: the consumer is
   * started again in-process, with backoff, until the broker answers or stop() is called.
   */
  const restartInProcess = (error: Error) => {
    restarting ??= (async () => {
      logger.error(
        { error: describeError(error) },
        'consumer stopped while the broker was away; starting it again in-process',
      );
      for (let attempt = 1; !stopping; attempt++) {
        await consumer.disconnect().catch(() => undefined);
        await new Promise((r) => setTimeout(r, retryDelay(RESTART_RETRY, attempt, 'transient')));
        if (stopping) return;
        try {
          await start();
          logger.info({ attempt }, 'consumer running again');
          return;
        } catch (err) {
          logger.warn({ error: describeError(err), attempt }, 'consumer restart failed; retrying');
        }
      }
    })().finally(() => {
      restarting = undefined;
    });
  };

  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) {
      logger.warn({ error: describeError(payload.error) }, 'consumer crashed; kafkajs restarts it');
    } else if (stopping) {
      return;
    } else if (classifyFailure(payload.error) === 'transient') {
      restartInProcess(payload.error);
    } else {
      onFatal(payload.error);
    }
  });

  const eachBatch = createEachBatch<T>({
    context: {
      group: opts.groupId,
      decode,
      handler,
      policy: {
        maxAttempts: opts.maxAttempts ?? 5,
        backoff: { ...DEFAULT_BACKOFF, ...opts.backoff },
        transientBackoff: { ...DEFAULT_TRANSIENT_BACKOFF, ...opts.transientBackoff },
        random: opts.random ?? Math.random,
      },
      now,
      metrics: consumerMetrics(opts.metrics),
      logger,
      deadLetter: async (msg, reason, error, attempts) => {
        const failedAt = new Date(now());
        await producer.send(opts.deadLetterTopic, [
          deadLetterMessage(msg, { group: opts.groupId, reason, error, attempts, failedAt }),
        ]);
      },
    },
    ...(handleBatch ? { handleBatch } : {}),
    batchSize: opts.batchSize ?? 100,
    isStopping: () => stopping,
    signal: abort.signal,
  });

  async function start(): Promise<void> {
    await consumer.connect();
    await subscribeWhenSettled(consumer, opts.topics, opts.fromBeginning ?? true, logger);
    await consumer.run({
      eachBatch,
      eachBatchAutoResolve: false,
      autoCommit: true,
      autoCommitInterval: opts.commitIntervalMs ?? 5_000,
      partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 1,
    });
  }

  await ownProducer?.connect();
  await start();
  logger.info({ topics: opts.topics, deadLetterTopic: opts.deadLetterTopic }, 'consumer running');

  return {
    consumer,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        abort.abort();
        await restarting;
        // kafkajs waits for the batch in flight, commits the resolved offsets, then leaves.
        await consumer.disconnect();
        await ownProducer?.disconnect();
        logger.info('consumer stopped');
      })();
      return stopped;
    },
  };
}
