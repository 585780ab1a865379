import { allTopics, prefixed } from '@forewarn/contracts';
import { createKafka, createProducer, ensureTopics } from '@forewarn/kafka';
import { createLogger, type Logger } from '@forewarn/observability';
import type { SimClock } from './clock.js';
import type { Emission } from './emissions.js';
import { connectHttpIngest } from './http-ingest.js';
import { goesOverHttp, toMessages, type OutgoingSimMessage } from './messages.js';

export interface PublishProgress {
  sent: number;
  total: number;
  /** Sim time reached, ISO. */
  simTime: string;
  byTopic: Record<string, number>;
  viaHttp: number;
  malformed: number;
  elapsedMs: number;
  done: boolean;
}

export interface PublishOptions {
  brokers: string[];
  topicPrefix?: string;
  clientId?: string;
  /** Paces messages by sim time; without it (or with bench) they go as fast as the broker takes them. */
  clock?: SimClock;
  bench?: boolean;
  /** Messages per produce request. */
  batchSize?: number;
  onProgress?: (p: PublishProgress) => void;
  progressEveryMs?: number;
  /** Send this share through the ingestion edge instead of Kafka (skipped with a warning when absent). */
  viaHttp?: { baseUrl: string; apiKey?: string; share: number };
  logger?: Logger;
  signal?: AbortSignal;
  /** Creates the prefixed source topics when missing (default true). */
  createTopics?: boolean;
  /**
   * Sim instant before which events are history: they are stamped as sent at this instant, as
   * the ground truth counts them (history reaches consumers at the start of the window).
   */
  historyUntil?: number;
}

/**
 * Header in which the sources state when they sent a message, on the sim clock (epoch ms). The
 * Kafka timestamp stays the wall time of the produce (the benchmark measures latency with it);
 * a consumer judging silences reads the sim send time here instead of guessing it from arrival.
 */
export const SENT_AT_HEADER = 'forewarn-sent-at';

export type PublishReport = PublishProgress & { httpSkipped?: string; messagesPerSecond: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function publish(
  emissions: readonly Emission[],
  opts: PublishOptions,
): Promise<PublishReport> {
  const logger = opts.logger ?? createLogger({ name: 'simulator', level: 'error' });
  const prefix = opts.topicPrefix ?? '';
  const messages = toMessages(emissions);
  const kafka = createKafka(
    { brokers: opts.brokers, clientId: opts.clientId ?? 'forewarn-simulator' },
    logger,
  );
  if (opts.createTopics ?? true) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const specs = allTopics.filter((t) => t.kind === 'source');
      await ensureTopics(
        admin,
        specs.map((t) => ({
          name: prefixed(prefix, t.name),
          partitions: t.partitions,
          retentionMs: t.retentionMs,
          cleanupPolicy: t.cleanupPolicy,
        })),
        { logger },
      );
    } finally {
      await admin.disconnect();
    }
  }
  let http: Awaited<ReturnType<typeof connectHttpIngest>> = {};
  if (opts.viaHttp && opts.viaHttp.share > 0) {
    http = await connectHttpIngest({
      baseUrl: opts.viaHttp.baseUrl,
      ...(opts.viaHttp.apiKey ? { apiKey: opts.viaHttp.apiKey } : {}),
    });
    if (http.unavailable)
      logger.warn(
        { reason: http.unavailable },
        'ingestion HTTP edge not available; sending everything through Kafka',
      );
  }
  const httpShare = http.ingest ? (opts.viaHttp?.share ?? 0) : 0;
  const producer = createProducer(kafka, { logger });
  await producer.connect();
  const started = Date.now();
  const progress: PublishProgress = {
    sent: 0,
    total: messages.length,
    simTime: '',
    byTopic: {},
    viaHttp: 0,
    malformed: 0,
    elapsedMs: 0,
    done: false,
  };
  let lastReport = 0;
  const report = (force = false) => {
    progress.elapsedMs = Date.now() - started;
    if (force || progress.elapsedMs - lastReport >= (opts.progressEveryMs ?? 500)) {
      lastReport = progress.elapsedMs;
      opts.onProgress?.({ ...progress, byTopic: { ...progress.byTopic } });
    }
  };
  const paced = opts.clock && !opts.bench ? opts.clock : undefined;
  try {
    let i = 0;
    while (i < messages.length) {
      if (opts.signal?.aborted) throw new Error('publishing aborted');
      const now = paced ? paced.nowMs() : Number.POSITIVE_INFINITY;
      const due: OutgoingSimMessage[] = [];
      while (
        i < messages.length &&
        (messages[i] as OutgoingSimMessage).emitAt <= now &&
        due.length < (opts.batchSize ?? 2_000)
      ) {
        due.push(messages[i++] as OutgoingSimMessage);
      }
      if (due.length === 0 && paced) {
        const next = messages[i] as OutgoingSimMessage;
        await sleep(Math.max(1, Math.min(250, paced.toWall(next.emitAt) - Date.now())));
        report();
        continue;
      }
      const overHttp = httpShare > 0 ? due.filter((m) => goesOverHttp(m, httpShare)) : [];
      const httpSet = new Set(overHttp);
      const overKafka = overHttp.length > 0 ? due.filter((m) => !httpSet.has(m)) : due;
      await sendToKafka(producer.raw, prefix, overKafka, opts.historyUntil ?? -Infinity);
      if (overHttp.length > 0 && http.ingest) await http.ingest.send(overHttp);
      for (const m of due) {
        progress.byTopic[m.topic] = (progress.byTopic[m.topic] ?? 0) + 1;
        if (m.malformed) progress.malformed++;
      }
      progress.viaHttp += overHttp.length;
      progress.sent += due.length;
      progress.simTime = new Date((due[due.length - 1] as OutgoingSimMessage).emitAt).toISOString();
      if (i < messages.length) report();
    }
  } finally {
    await producer.disconnect();
  }
  progress.done = true;
  report(true);
  const elapsed = Math.max(1, Date.now() - started);
  return {
    ...progress,
    elapsedMs: elapsed,
    messagesPerSecond: Math.round((progress.sent / elapsed) * 1000),
    ...(http.unavailable ? { httpSkipped: http.unavailable } : {}),
  };
}

async function sendToKafka(
  raw: ReturnType<typeof createProducer>['raw'],
  prefix: string,
  messages: readonly OutgoingSimMessage[],
  historyUntil: number,
) {
  if (messages.length === 0) return;
  const byTopic = new Map<
    string,
    { key: string; value: Buffer; headers: Record<string, string> }[]
  >();
  for (const m of messages) {
    const topic = prefixed(prefix, m.topic);
    const list = byTopic.get(topic) ?? [];
    const sentAt = String(Math.max(m.emitAt, historyUntil));
    list.push({ key: m.key, value: m.value, headers: { [SENT_AT_HEADER]: sentAt } });
    byTopic.set(topic, list);
  }
  await raw.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
  });
}
