/**
 * Outbound HTTP made with `fetch` (CRM, console forwarder) carries the trace context: a client
 * span per request, its context sent as `traceparent`/`tracestate`. Hooked on undici's
 * diagnostics channels, which Node's fetch publishes (no module patching, so ESM is no concern).
 * node:http requests have no such hook before their headers are fixed on Node 20: their callers
 * add `traceHeaders()` themselves.
 */
import { subscribe } from 'node:diagnostics_channel';
import {
  contextWithSpan,
  failSpan,
  injectTraceHeaders,
  startSpan,
  SpanKind,
  TRACEPARENT,
  tracingEnabled,
  type Span,
} from './tracing.js';

interface UndiciRequest {
  method: string;
  origin: string;
  path: string;
  headers: string[] | string;
  addHeader(name: string, value: string): unknown;
}

const spans = new WeakMap<object, Span>();
let hooked = false;

function hasTraceparent(headers: string[] | string): boolean {
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2)
      if (headers[i]?.toLowerCase() === TRACEPARENT) return true;
    return false;
  }
  return headers.toLowerCase().includes(`${TRACEPARENT}:`);
}

/** Subscribes once per process; a no-op for each request while tracing is off. */
export function traceOutboundFetch(): void {
  if (hooked) return;
  hooked = true;
  subscribe('undici:request:create', (message) => {
    if (!tracingEnabled()) return;
    const { request } = message as { request: UndiciRequest };
    if (hasTraceparent(request.headers)) return;
    const span = startSpan(`${request.method}`, {
      stage: 'http.client',
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': request.method,
        'server.address': request.origin,
        'url.path': request.path.split('?')[0] ?? '',
      },
    });
    spans.set(request, span);
    for (const [name, value] of Object.entries(
      injectTraceHeaders({} as Record<string, string>, contextWithSpan(span)),
    ))
      request.addHeader(name, value);
  });
  subscribe('undici:request:headers', (message) => {
    const { request, response } = message as {
      request: object;
      response: { statusCode: number };
    };
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) failSpan(span, new Error(`HTTP ${response.statusCode}`));
    span.end();
  });
  subscribe('undici:request:error', (message) => {
    const { request, error } = message as { request: object; error: unknown };
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    failSpan(span, error);
    span.end();
  });
}
