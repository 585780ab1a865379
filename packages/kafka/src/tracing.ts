import {
  contextWithSpan,
  extractTraceContext,
  injectTraceHeaders,
  startSpan,
  SpanKind,
  TRACEPARENT,
  tracingEnabled,
  withActiveSpan,
  withCauses,
  type Context,
  type Span,
} from '@forewarn/observability';
import type { IHeaders } from 'kafkajs';
import type { ConsumedMessage } from './message.js';

/** The header the outbox relay stamps every event with (consumers deduplicate on it). */
const EVENT_ID_HEADER = 'event-id';
/** What ingestion adds to a source event: the event id the source system gave it. */
const SOURCE_EVENT_ID_HEADER = 'source-event-id';

/**
 * Messages leave with the trace context they were produced in: the active span's unless the
 * message already carries a `traceparent` (an outbox row continuing the trace of its cause).
 * With tracing off the messages are returned untouched.
 */
export function withTraceHeaders<M extends { headers?: IHeaders }>(messages: M[]): M[] {
  if (!tracingEnabled()) return messages;
  return messages.map((m) => {
    if (m.headers?.[TRACEPARENT] !== undefined) return m;
    const added = injectTraceHeaders({} as Record<string, string>);
    if (Object.keys(added).length === 0) return m;
    return { ...m, headers: { ...m.headers, ...added } };
  });
}

/** The span of one consumed message: a child of the context its headers carry. */
function startMessageSpan(msg: ConsumedMessage<unknown>, group: string): Span {
  const eventId = msg.headers[EVENT_ID_HEADER];
  return startSpan(`${msg.topic} process`, {
    stage: 'consume',
    kind: SpanKind.CONSUMER,
    parent: extractTraceContext(msg.headers),
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': msg.topic,
      'messaging.destination.partition.id': String(msg.partition),
      'messaging.kafka.offset': Number(msg.offset),
      'messaging.consumer.group.name': group,
      ...(eventId ? { 'messaging.message.id': eventId } : {}),
    },
  });
}

/** Ends a span with what became of its message (handled, dead-lettered, aborted). */
function endWith(span: Span, outcome: string): void {
  span.setAttribute('forewarn.outcome', outcome);
  span.end();
}

/**
 * Runs one message's processing (decode, handler, retries) in its span, a child of the trace its
 * headers carry; with tracing off, just runs it.
 */
export async function traceMessage<O extends string>(
  msg: ConsumedMessage<unknown>,
  group: string,
  fn: (span: Span | undefined) => Promise<O>,
): Promise<O> {
  if (!tracingEnabled()) return fn(undefined);
  const span = startMessageSpan(msg, group);
  let outcome = 'failed';
  try {
    const result = await withActiveSpan(span, () => fn(span));
    outcome = result;
    return result;
  } finally {
    endWith(span, outcome);
  }
}

/** A decode span under the message's span (the Avro and registry cost of one record). */
export async function traceDecode<R>(parent: Span | undefined, fn: () => Promise<R>): Promise<R> {
  if (parent === undefined) return fn();
  const span = startSpan('decode', { stage: 'decode', parent: contextWithSpan(parent) });
  try {
    return await withActiveSpan(span, fn);
  } finally {
    span.end();
  }
}

/**
 * The spans of a chunk handed to a batch handler: one per message (child of its own trace) and
 * one for the handler call, linked to them. Inside `run`, what the handler writes naming one
 * message as its cause continues that message's trace (withCauses).
 */
export interface ChunkTrace {
  /** The message span of chunk[i], undefined with tracing off. */
  message(i: number): Span | undefined;
  /** Runs the handler on the decoded messages of the chunk (their event ids name causes too). */
  run<R>(decoded: readonly ConsumedMessage<unknown>[], fn: () => Promise<R>): Promise<R>;
  /** Ends the message spans (once; later calls do nothing). */
  end(outcome: string): void;
}

const UNTRACED: ChunkTrace = {
  message: () => undefined,
  run: (_decoded, fn) => fn(),
  end: () => undefined,
};

function eventIdOfValue(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { eventId?: unknown }).eventId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

export function traceChunk(chunk: ConsumedMessage<unknown>[], group: string): ChunkTrace {
  if (!tracingEnabled() || chunk.length === 0) return UNTRACED;
  const spans = chunk.map((m) => startMessageSpan(m, group));
  const causes = new Map<string, Context>();
  chunk.forEach((m, i) => {
    const ctx = contextWithSpan(spans[i]!);
    // Domain events name a source event by the id its source gave it (ingestion's
    // `source-event-id`), and a domain event by its own `event-id`.
    for (const header of [SOURCE_EVENT_ID_HEADER, EVENT_ID_HEADER]) {
      const id = m.headers[header];
      if (id) causes.set(id, ctx);
    }
  });
  const topic = chunk[0]!.topic;
  let ended = false;
  return {
    message: (i) => spans[i],
    async run(decoded, fn) {
      // A decoded Forewarn event names itself by its envelope's eventId: the id a domain event's
      // causationId gives, whatever headers its record came with.
      const byOffset = new Map(chunk.map((m, i) => [m.offset, spans[i]!]));
      for (const d of decoded) {
        const id = eventIdOfValue(d.value);
        const span = byOffset.get(d.offset);
        if (id && span && !causes.has(id)) causes.set(id, contextWithSpan(span));
      }
      // The batch joins the trace of its first kept (sampled) message, else of its first one,
      // and links to every other: a batch of one is simply part of its message's trace, and a
      // kept message's trace shows the batch (and its transaction) that handled it.
      const kept = spans.findIndex((sp) => (sp.spanContext().traceFlags & 1) === 1);
      const parent = spans[Math.max(0, kept)]!;
      const others = spans.filter((sp) => sp !== parent);
      const batch = startSpan(`${topic} process batch`, {
        stage: 'consume',
        kind: SpanKind.CONSUMER,
        parent: contextWithSpan(parent),
        ...(others.length > 0
          ? { links: others.map((sp) => ({ context: sp.spanContext() })) }
          : {}),
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': topic,
          'messaging.consumer.group.name': group,
          'messaging.batch.message_count': chunk.length,
        },
      });
      try {
        // A batch of one is its message's trace: what it writes continues it, cause named or not.
        return await withActiveSpan(batch, () =>
          chunk.length === 1 ? fn() : withCauses(causes, fn),
        );
      } finally {
        batch.end();
      }
    },
    end(outcome) {
      if (ended) return;
      ended = true;
      for (const s of spans) endWith(s, outcome);
    },
  };
}
