import {
  contextOfCause,
  contextWithSpan,
  extractTraceContext,
  failSpan,
  injectTraceHeaders,
  startSpan,
  SpanKind,
  TRACEPARENT,
  TRACESTATE,
  tracingEnabled,
} from '@forewarn/observability';
import type { OutboxMessage, OutboxPublisher } from './messages.js';

/**
 * The trace context an outbox row keeps in its headers: that of the message the event names as
 * its cause when the consumer's batch has it, else the active span's (the request or message
 * being handled). Nothing with tracing off, or when the caller set its own.
 */
export function headersWithTrace(
  headers: Record<string, string> | undefined,
  causationId: string | null | undefined,
): Record<string, string> {
  const own = headers ?? {};
  if (!tracingEnabled() || own[TRACEPARENT] !== undefined) return own;
  return injectTraceHeaders({ ...own }, contextOfCause(causationId));
}

/**
 * The trace context to store with work done later for the message `causationId` names (or the
 * active span): `traceparent`/`tracestate`, or null with tracing off.
 */
export function storedTraceContext(
  causationId: string | null | undefined,
): Record<string, string> | null {
  const headers = headersWithTrace(undefined, causationId);
  return Object.keys(headers).length > 0 ? headers : null;
}

/**
 * A publisher whose sends open an `outbox publish` span per traced row, a child of the trace the
 * row stored; the message goes out with that span's context, so its consumer continues the trace
 * of the event that caused it. Rows without a stored context go out as they are.
 */
export function tracedPublisher(publisher: OutboxPublisher): OutboxPublisher {
  return {
    async send(topic, messages) {
      if (!tracingEnabled()) return publisher.send(topic, messages);
      const spans = [];
      const out: OutboxMessage[] = [];
      for (const m of messages) {
        if (m.headers[TRACEPARENT] === undefined) {
          out.push(m);
          continue;
        }
        const span = startSpan(`${topic} publish`, {
          stage: 'outbox.publish',
          kind: SpanKind.PRODUCER,
          parent: extractTraceContext(m.headers),
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.destination.name': topic,
            ...(m.headers['event-id'] ? { 'messaging.message.id': m.headers['event-id'] } : {}),
          },
        });
        spans.push(span);
        const headers = { ...m.headers };
        delete headers[TRACEPARENT];
        delete headers[TRACESTATE];
        out.push({ ...m, headers: injectTraceHeaders(headers, contextWithSpan(span)) });
      }
      try {
        await publisher.send(topic, out);
      } catch (err) {
        for (const s of spans) failSpan(s, err);
        throw err;
      } finally {
        for (const s of spans) s.end();
      }
    },
  };
}
