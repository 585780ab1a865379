import { enqueueOutbox, withTransaction } from '@forewarn/db';
import { encodeEventAsLatest } from '@forewarn/contracts';
import { errors, type AppError, type Issue } from '@forewarn/http';
import { withSpan } from '@forewarn/observability';
import type pg from 'pg';
import { checkBatch, pointer, type BatchIssue } from './domain/accept.js';
import type { FeedDelta } from './domain/feed-observations.js';
import { ID_SCHEMES, nameUuid } from '@forewarn/platform';
import { SENT_AT_HEADER, SENT_AT_REQUEST_HEADER, sentAtOf } from './domain/sent-at.js';
import { applyFeedDeltas } from './db/feed-health.js';
import { claimReceived } from './db/received-events.js';
import type { FeedMetrics } from './feed-metrics.js';

export interface IngestDeps {
  pool: pg.Pool;
  now: () => Date;
  feed: FeedMetrics;
  /** How far back a source's stated send time is believed (default five minutes). */
  sentAtToleranceMs?: number;
}

export interface IngestResult {
  receivedAt: string;
  accepted: { index: number; eventId: string; type: string; topic: string }[];
  duplicates: { index: number; eventId: string }[];
}

export interface IngestOptions {
  /** Where item i sits in the request body, for issue pointers (default `/events/i`). */
  locate?: (index: number) => (string | number)[];
  /** The request's `x-forewarn-sent-at`, if the source stated when it sent it. */
  statedSentAt?: string;
  /** Writes of the caller's own that must commit or roll back with the acceptance. */
  within?: (client: pg.PoolClient) => Promise<void>;
}

/** The request's stated send time header, for IngestOptions.statedSentAt. */
export function statedSentAt(headers: Record<string, string | string[] | undefined>) {
  const v = headers[SENT_AT_REQUEST_HEADER];
  return typeof v === 'string' ? { statedSentAt: v } : {};
}

function rejectDelta(source: string, rejects: number): FeedDelta {
  return {
    source,
    events: 0,
    rejects,
    dlq: 0,
    maxOccurredAt: null,
    maxReceivedAt: null,
    perMinute: new Map(),
  };
}

/** Counts a refused request against the caller's feed, so the reject rate shows edge refusals. */
export async function recordRejects(
  deps: IngestDeps,
  source: string,
  count: number,
): Promise<void> {
  const delta = rejectDelta(source, count);
  await applyFeedDeltas(deps.pool, [delta]);
  deps.feed.apply([delta]);
}

export function rejection(
  issues: readonly BatchIssue[],
  total: number,
  forbidden: boolean,
  locate: (i: number) => (string | number)[],
): AppError {
  const list: Issue[] = issues.map(({ index, issue }) => ({
    location: 'body',
    path: pointer(locate(index), issue.path),
    code: issue.code,
    message: issue.message,
  }));
  const bad = new Set(issues.map((i) => i.index)).size;
  return forbidden
    ? errors.sourceMismatch.with({ issues: list })(bad, total)
    : errors.eventsInvalid.with({ issues: list })(`${bad} of ${total} events are invalid`);
}

/**
 * The one write path of every entry point (JSON batch, carrier webhook, EDI): validate the whole
 * batch, then in one transaction record each new (sourceSystem, eventId) and put its Avro message
 * in the outbox. A duplicate is answered as such and never reaches the topic again.
 */
export async function ingest(
  deps: IngestDeps,
  sourceSystem: string,
  items: readonly unknown[],
  opts: IngestOptions = {},
): Promise<IngestResult> {
  const locate = opts.locate ?? ((i: number) => ['events', i]);
  const receivedAt = deps.now();
  const sentAt = sentAtOf(opts.statedSentAt, receivedAt, deps.sentAtToleranceMs ?? 300_000);
  const check = checkBatch(items, sourceSystem, receivedAt);
  if (!check.ok) {
    await recordRejects(deps, sourceSystem, new Set(check.issues.map((i) => i.index)).size);
    throw rejection(check.issues, items.length, check.forbidden, locate);
  }
  const rows = check.candidates.map((c) => ({
    ...c,
    outboxEventId: nameUuid(ID_SCHEMES.ingestion, c.event.sourceSystem, c.event.eventId),
  }));
  // The ingestion stage of the request's trace: the inbox claim and the outbox rows.
  const accept = async (client: pg.PoolClient) => {
    const mine = await claimReceived(
      client,
      rows.map((r) => ({
        sourceSystem: r.event.sourceSystem,
        eventId: r.event.eventId,
        eventType: r.event.type,
        topic: r.topic,
        outboxEventId: r.outboxEventId,
        occurredAt: r.event.occurredAt,
        receivedAt,
      })),
    );
    const fresh = rows.filter((r) => mine.has(`${r.event.sourceSystem}/${r.event.eventId}`));
    await enqueueOutbox(
      client,
      fresh.map((r) => ({
        eventId: r.outboxEventId,
        topic: r.topic,
        key: r.key,
        // A source that still declares an older version goes out as the latest (no tenantId).
        value: encodeEventAsLatest(r.event),
        headers: {
          'source-system': r.event.sourceSystem,
          'source-event-id': r.event.eventId,
          'event-type': r.event.type,
          [SENT_AT_HEADER]: String(sentAt.getTime()),
        },
      })),
    );
    await opts.within?.(client);
    return mine;
  };
  const claimed = await withTransaction(deps.pool, (client) =>
    withSpan('ingest', { stage: 'ingest', attributes: { 'forewarn.events': rows.length } }, () =>
      accept(client),
    ),
  );
  const accepted: IngestResult['accepted'] = [];
  const duplicates: IngestResult['duplicates'] = [...check.duplicatesInBatch];
  for (const r of rows) {
    if (claimed.has(`${r.event.sourceSystem}/${r.event.eventId}`)) {
      accepted.push({
        index: r.index,
        eventId: r.event.eventId,
        type: r.event.type,
        topic: r.topic,
      });
    } else duplicates.push({ index: r.index, eventId: r.event.eventId });
  }
  duplicates.sort((a, b) => a.index - b.index);
  return { receivedAt: receivedAt.toISOString(), accepted, duplicates };
}
