import { allTopics, prefixed } from '@forewarn/contracts';
import { createKafka, createProducer, verifyTopics } from '@forewarn/kafka';
import { createLogger, type Logger } from '@forewarn/observability';
import type { SimClock } from './clock.js';
import type { Emission } from './emissions.js';
import { ingestionDoors, type DoorStats, type IngestionDoorsOptions } from './door-client.js';
import { bySourceAndDoor, byStatedTime, routeByDoor, sourceQueues } from './door-queues.js';
import { doorOf } from './doors.js';
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
  /** Per door, when publishing through ingestion's doors (`doors`). */
  doors?: DoorStats;
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
  /**
   * Route the day through ingestion's doors as `doors.plan` says (EDI carrier, webhook carrier,
   * JSON share of ERP/WMS); the rest goes to Kafka. Replaces `viaHttp`.
   */
  doors?: IngestionDoorsOptions;
  logger?: Logger;
  signal?: AbortSignal;
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

/** Wall time left to ingestion's outbox relay after the doors accepted the history. */
const HISTORY_RELAY_MS = 1_000;

export async function publish(
  emissions: readonly Emission[],
  opts: PublishOptions,
): Promise<PublishReport> {
  const logger = opts.logger ?? createLogger({ name: 'simulator', level: 'error' });
  const prefix = opts.topicPrefix ?? '';
  let messages = toMessages(emissions);
  const kafka = createKafka(
    { brokers: opts.brokers, clientId: opts.clientId ?? 'forewarn-simulator' },
    logger,
  );
  // Topics are the topology command's (`forewarn topics`) to create, as for every service: the
  // sources only check that theirs are there as the contract declares them, and say so if not.
  const admin = kafka.admin();
  await admin.connect();
  try {
    await verifyTopics(
      admin,
      allTopics
        .filter((t) => t.kind === 'source')
        .map((t) => ({ ...t, name: prefixed(prefix, t.name) })),
    );
  } finally {
    await admin.disconnect();
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
  const httpShare = http.ingest && !opts.doors ? (opts.viaHttp?.share ?? 0) : 0;
  const ingress = opts.doors
    ? ingestionDoors({
        ...(opts.historyUntil !== undefined ? { notBefore: opts.historyUntil } : {}),
        ...opts.doors,
      })
    : undefined;
  const queues = sourceQueues((door, list, at) =>
    ingress ? ingress.send(door, list, at) : Promise.resolve(),
  );
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
    ...(ingress ? { doors: ingress.stats } : {}),
    elapsedMs: 0,
    done: false,
  };
  let lastReport = 0;
  const report = (force = false) => {
    progress.elapsedMs = Date.now() - started;
    if (force || progress.elapsedMs - lastReport >= (opts.progressEveryMs ?? 500)) {
      lastReport = progress.elapsedMs;
      opts.onProgress?.({
        ...progress,
        byTopic: { ...progress.byTopic },
        ...(progress.doors ? { doors: structuredClone(progress.doors) } : {}),
      });
    }
  };
  const paced = opts.clock && !opts.bench ? opts.clock : undefined;
  try {
    let i = 0;
    // History is stated as sent at the window start, so it is sent then, not before: a message
    // stated as sent later than the services' clock reads would tell the detector's watermark
    // that the sources had said everything up to a time that has not come yet.
    if (paced && opts.historyUntil !== undefined) {
      const wait = paced.toWall(opts.historyUntil) - Date.now();
      if (wait > 0) await sleep(wait);
    }
    if (ingress && opts.doors && opts.historyUntil !== undefined) {
      // The history through the doors lands first: it is stated as sent at the window start, as
      // the history on Kafka is, and the detector takes a partition's messages stated before a
      // time as all in once it reads a later one, so the slower HTTP path must not trail them.
      const history = messages.filter((m) => m.emitAt < (opts.historyUntil ?? -Infinity));
      const viaDoors = history.filter((m) => doorOf(m, opts.doors!.plan) !== 'kafka');
      for (const [source, doors] of bySourceAndDoor(routeByDoor(viaDoors, opts.doors))) {
        for (const [door, list] of doors) {
          if (door !== 'kafka') queues.enqueue(source, door, list, opts.historyUntil);
        }
      }
      await queues.drain();
      // Accepted means in ingestion's outbox; its relay publishes within moments.
      await sleep(HISTORY_RELAY_MS);
      const done = new Set(viaDoors);
      messages = messages.filter((m) => !done.has(m));
      progress.sent += viaDoors.length;
      progress.malformed += viaDoors.filter((m) => m.malformed).length;
      for (const m of viaDoors) progress.byTopic[m.topic] = (progress.byTopic[m.topic] ?? 0) + 1;
    }
    while (i < messages.length) {
      if (opts.signal?.aborted) throw new Error('publishing aborted');
      queues.check();
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
      const lastEmit = (due[due.length - 1] as OutgoingSimMessage).emitAt;
      let overHttp: OutgoingSimMessage[] = [];
      if (ingress && opts.doors) {
        const byDoor = routeByDoor(due, opts.doors);
        const kafka = byDoor.get('kafka') ?? [];
        await sendToKafka(producer.raw, prefix, kafka, opts.historyUntil ?? -Infinity);
        ingress.stats.kafka.messages += kafka.length;
        ingress.stats.kafka.rejected += kafka.filter((m) => m.malformed).length;
        for (const [source, doors] of bySourceAndDoor(byDoor)) {
          for (const door of ['edi', 'webhook', 'events'] as const) {
            const list = doors.get(door);
            if (!list) continue;
            // Each message is stated as sent when it was due, whatever else this (load-sized)
            // batch holds; history is sent, and stated as sent, at the window start.
            for (const [at, group] of byStatedTime(list, opts.historyUntil ?? -Infinity))
              queues.enqueue(source, door, group, at);
          }
        }
      } else {
        overHttp = httpShare > 0 ? due.filter((m) => goesOverHttp(m, httpShare)) : [];
        const httpSet = new Set(overHttp);
        const overKafka = overHttp.length > 0 ? due.filter((m) => !httpSet.has(m)) : due;
        await sendToKafka(producer.raw, prefix, overKafka, opts.historyUntil ?? -Infinity);
        if (overHttp.length > 0 && http.ingest) await http.ingest.send(overHttp);
      }
      for (const m of due) {
        progress.byTopic[m.topic] = (progress.byTopic[m.topic] ?? 0) + 1;
        if (m.malformed) progress.malformed++;
      }
      progress.viaHttp += overHttp.length;
      progress.sent += due.length;
      progress.simTime = new Date(lastEmit).toISOString();
      if (i < messages.length) report();
    }
    await queues.drain();
  } finally {
    await queues.drain().catch(() => undefined);
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
