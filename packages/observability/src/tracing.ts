/**
 * OpenTelemetry tracing for every service: one tracer provider per process, off unless an OTLP
 * endpoint is configured, W3C trace context (`traceparent`, `tracestate`) carried in Kafka
 * headers, outbox rows and HTTP headers. Spans are explicit (our own Kafka, HTTP, database and
 * outbox wrappers open them); nothing patches modules at import time.
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { createRequire } from 'node:module';
import type * as ContextAsyncHooks from '@opentelemetry/context-async-hooks';
import type * as Core from '@opentelemetry/core';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkTraceBase from '@opentelemetry/sdk-trace-base';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type * as SemConv from '@opentelemetry/semantic-conventions';

/**
 * The SDK (provider, exporter, context manager, propagator, their semantic conventions) is
 * loaded on first use, so a service with tracing off (the default) never holds its modules:
 * about 3 MB of each service's heap (bench/RESULTS.md). The API above stays: spans are
 * no-ops through it until a provider registers. These packages are CommonJS (no `exports` map
 * but semantic-conventions'), so `require` gives the very module an `import` would.
 */
const load = createRequire(import.meta.url);
const sdk = () => ({
  trace: load('@opentelemetry/sdk-trace-base') as typeof SdkTraceBase,
  otlp: load('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp,
  resources: load('@opentelemetry/resources') as typeof Resources,
  core: load('@opentelemetry/core') as typeof Core,
  hooks: load('@opentelemetry/context-async-hooks') as typeof ContextAsyncHooks,
  semconv: load('@opentelemetry/semantic-conventions') as typeof SemConv,
});

export { SpanKind, SpanStatusCode, type Context, type Link, type Span, type SpanContext };

/** The stage a span times, as `pnpm bench` groups them (attribute `forewarn.stage`). */
export type TraceStage =
  | 'ingest'
  | 'decode'
  | 'consume'
  | 'db.transaction'
  | 'outbox.publish'
  | 'detect'
  | 'notice.send'
  | 'http.server'
  | 'http.client';

export const STAGE_ATTRIBUTE = 'forewarn.stage';
export const TRACEPARENT = 'traceparent';
export const TRACESTATE = 'tracestate';

type Env = Record<string, string | undefined>;

/**
 * True when the environment asks for traces: an OTLP endpoint (general or for traces) or
 * `OTEL_TRACES_EXPORTER=otlp`; `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` wins.
 */
export function tracingRequested(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter === 'none') return false;
  return (
    exporter === 'otlp' ||
    Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) ||
    Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim())
  );
}

/** Where spans are posted: the traces endpoint as given, or `<endpoint>/v1/traces`. */
export function tracesUrl(env: Env): string {
  const own = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (own) return own;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || 'http://localhost:4318';
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

/** The sampler `OTEL_TRACES_SAMPLER` (+ `_ARG`) names; default parent-based, always on. */
export function samplerFromEnv(env: Env): Sampler {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() || 'parentbased_always_on';
  const arg = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const ratio = Number.isFinite(arg) && arg >= 0 && arg <= 1 ? arg : 1;
  const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } =
    sdk().trace;
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** OTEL_EXPORTER_OTLP_HEADERS / _TRACES_HEADERS: `k=v,k2=v2`, values URL-encoded. */
function exporterHeaders(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of [env.OTEL_EXPORTER_OTLP_HEADERS, env.OTEL_EXPORTER_OTLP_TRACES_HEADERS]) {
    for (const pair of (source ?? '').split(',')) {
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      out[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(
        pair.slice(at + 1).trim(),
      );
    }
  }
  return out;
}

export interface TracingOptions {
  serviceName: string;
  serviceVersion?: string;
  env?: Env;
  /** Extra processors (tests, the bench's summary); exporting still needs tracing requested. */
  spanProcessors?: SpanProcessor[];
}

export interface Tracing {
  /** False when tracing is off: no provider was registered and nothing is exported. */
  readonly enabled: boolean;
  readonly serviceName: string | undefined;
  /** Exports what is buffered. */
  flush(): Promise<void>;
  /** Exports what is buffered and stops the provider (the process is going away). */
  shutdown(): Promise<void>;
}

const OFF: Tracing = {
  enabled: false,
  serviceName: undefined,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

let active: Tracing | undefined;

/**
 * Registers the process's tracer provider, context manager and W3C propagator when the
 * environment asks for tracing; otherwise registers nothing (every span is a no-op and no
 * header is written). One provider per process: a second call shares the first one's (and its
 * shutdown only flushes).
 */
export function startTracing(opts: TracingOptions): Tracing {
  // Several services in one process (tests) share the first one's provider; only it shuts down.
  if (active) return { ...active, shutdown: active.flush };
  const env = opts.env ?? process.env;
  if (!tracingRequested(env)) return OFF;
  const { trace: base, otlp, resources, core, hooks, semconv } = sdk();
  const exporter = new otlp.OTLPTraceExporter({
    url: tracesUrl(env),
    headers: exporterHeaders(env),
  });
  const provider = new base.BasicTracerProvider({
    resource: resources.resourceFromAttributes({
      [semconv.ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME?.trim() || opts.serviceName,
      ...(opts.serviceVersion ? { [semconv.ATTR_SERVICE_VERSION]: opts.serviceVersion } : {}),
    }),
    sampler: samplerFromEnv(env),
    spanProcessors: [
      ...(opts.spanProcessors ?? []),
      new base.BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 }),
    ],
  });
  context.setGlobalContextManager(new hooks.AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const handle: Tracing = {
    enabled: true,
    serviceName: opts.serviceName,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      active = undefined;
    },
  };
  active = handle;
  return handle;
}

/** True once startTracing registered a provider in this process. */
export function tracingEnabled(): boolean {
  return active !== undefined;
}

export function tracer() {
  return trace.getTracer('forewarn');
}

const recordSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

const recordGetter: TextMapGetter<Record<string, string | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key] ?? carrier[key.toLowerCase()],
};

/**
 * The trace context of `ctx` (default: the active one) as `traceparent`/`tracestate` headers,
 * added to `headers` (returned). With tracing off, or no span in the context, nothing is added.
 */
export function injectTraceHeaders<H extends Record<string, string>>(
  headers: H,
  ctx: Context = context.active(),
): H {
  propagation.inject(ctx, headers, recordSetter);
  return headers;
}

/** The `traceparent`/`tracestate` headers for the active context (empty when off or none). */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  return injectTraceHeaders({}, ctx);
}

/** The context that `traceparent`/`tracestate` headers carry (the root context if none). */
export function extractTraceContext(
  headers: Record<string, string | undefined>,
  base: Context = ROOT_CONTEXT,
): Context {
  return propagation.extract(base, headers, recordGetter);
}

/** The span context carried by headers, if they carry a valid one. */
export function remoteSpanContext(
  headers: Record<string, string | undefined>,
): SpanContext | undefined {
  const sc = trace.getSpanContext(extractTraceContext(headers));
  return sc && trace.isSpanContextValid(sc) ? sc : undefined;
}

export interface SpanOptions {
  stage: TraceStage;
  kind?: SpanKind;
  attributes?: Attributes;
  links?: Link[];
  /** Parent context (default: the active one). */
  parent?: Context;
}

/** Opens a span (not made active); the caller ends it. */
export function startSpan(name: string, opts: SpanOptions): Span {
  return tracer().startSpan(
    name,
    {
      kind: opts.kind ?? SpanKind.INTERNAL,
      attributes: { [STAGE_ATTRIBUTE]: opts.stage, ...opts.attributes },
      ...(opts.links ? { links: opts.links } : {}),
    },
    opts.parent ?? context.active(),
  );
}

/** Records a failure on a span: an exception event and the error status. */
export function failSpan(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  span.recordException(error instanceof Error ? error : new Error(String(error)));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

/**
 * Runs `fn` inside a span made active for its duration (children, Kafka sends and outbox rows
 * under it join its trace); a throw marks the span failed and is rethrown.
 */
export async function withSpan<R>(
  name: string,
  opts: SpanOptions,
  fn: (span: Span) => Promise<R>,
): Promise<R> {
  const span = startSpan(name, opts);
  try {
    return await context.with(trace.setSpan(opts.parent ?? context.active(), span), () => fn(span));
  } catch (err) {
    failSpan(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** `base` (default: the active context) with `span` as its span. */
export function contextWithSpan(span: Span, base: Context = context.active()): Context {
  return trace.setSpan(base, span);
}

/** Runs `fn` with `span` as the active span. */
export function withActiveSpan<R>(span: Span, fn: () => R): R {
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** Runs `fn` in `ctx` (e.g. an extracted remote context). */
export function withContext<R>(ctx: Context, fn: () => R): R {
  return context.with(ctx, fn);
}

export function activeContext(): Context {
  return context.active();
}

const CAUSES = Symbol.for('forewarn.trace.causes');

/**
 * A batch handler works on many messages at once, each of its own trace. The consumer puts, in
 * the batch's context, each message's event id with the context of its own span; what the
 * handler writes because of one message (an outbox row naming it as its cause) continues that
 * message's trace instead of the batch's.
 */
export function withCauses<R>(causes: ReadonlyMap<string, Context>, fn: () => R): R {
  return context.with(context.active().setValue(CAUSES, causes), fn);
}

/**
 * The context of the message `causationId` names when the current batch has it. Outside a batch,
 * the active context. Inside one, a write naming no message of the batch gets no context (its
 * event starts a trace of its own downstream): the batch's context would pull every such event
 * into whichever trace the batch joined, and a sampled share would grow at each hop.
 */
export function contextOfCause(causationId: string | null | undefined): Context {
  const active = context.active();
  const causes = active.getValue(CAUSES) as ReadonlyMap<string, Context> | undefined;
  if (!causes) return active;
  return (causationId ? causes.get(causationId) : undefined) ?? ROOT_CONTEXT;
}

/**
 * Runs `fn` in a span continuing trace contexts stored with the work (a notice row keeps its
 * trigger's): the first is the parent, the others are linked. With tracing off, just runs `fn`.
 */
export function withStoredTrace<R>(
  stored: readonly (Record<string, string> | null | undefined)[],
  name: string,
  opts: Omit<SpanOptions, 'parent' | 'links'>,
  fn: () => Promise<R>,
): Promise<R> {
  if (!tracingEnabled()) return fn();
  const contexts = stored.flatMap((s) => {
    const sc = s ? remoteSpanContext(s) : undefined;
    return sc ? [sc] : [];
  });
  const [first, ...rest] = contexts;
  return withSpan(
    name,
    {
      ...opts,
      parent: first ? trace.setSpanContext(ROOT_CONTEXT, first) : ROOT_CONTEXT,
      links: rest.map((context) => ({ context })),
    },
    fn,
  );
}
