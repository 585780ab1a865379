import { STATUS_CODES } from 'node:http';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorKinds,
  errors,
  isAppError,
  type AppError,
  type ErrorKind,
  type Issue,
} from '@forewarn/platform';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const issueSchema = z.object({
  location: z.string().optional(),
  path: z.string(),
  code: z.string(),
  message: z.string(),
});

/** RFC 9457 problem details, plus our stable `code`, the request id and validation `issues`. */
export const problemSchema = z
  .object({
    type: z.string().describe('URI naming the problem type; stable per code'),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable machine-readable error code'),
    detail: z.string(),
    instance: z.string().describe('Path of the request that failed'),
    requestId: z.string().optional().describe('Quote it when reporting the problem'),
    issues: z.array(issueSchema).optional(),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

export interface ProblemOutcome {
  problem: Problem;
  headers: Record<string, string>;
  /** Client mistakes are routine (info); our failures need a look (error). */
  logLevel: 'info' | 'error';
}

export function problemType(code: string): string {
  return `urn:forewarn:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

interface ProblemContext {
  instance: string;
  requestId?: string;
}

/**
 * Maps anything thrown while handling a request to the problem document sent back. Pure, so the
 * rule "unknown errors never leak their message" is tested without a server.
 */
export function toProblem(err: unknown, ctx: ProblemContext): ProblemOutcome {
  if (isAppError(err)) return fromAppError(err, ctx);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const location = (err as { validationContext?: string }).validationContext;
    const issues: Issue[] = err.validation.map((v) => ({
      ...(location === undefined ? {} : { location }),
      path: v.instancePath === '/' ? '' : v.instancePath,
      code: v.keyword,
      message: v.message ?? 'Invalid value',
    }));
    const where = location === undefined ? 'request' : `request ${location}`;
    return fromAppError(errors.validationFailed.with({ issues })(where, issues.length), ctx);
  }
  const fastifyClientError = asFastifyClientError(err);
  if (fastifyClientError) {
    const { statusCode, code, message } = fastifyClientError;
    const problem: Problem = {
      type: problemType(code),
      title: STATUS_CODES[statusCode] ?? 'Bad request',
      status: statusCode,
      code,
      detail: message,
      instance: ctx.instance,
      ...(ctx.requestId === undefined ? {} : { requestId: ctx.requestId }),
    };
    return { problem, headers: {}, logLevel: 'info' };
  }
  return fromAppError(errors.internalError(), ctx);
}

function fromAppError(err: AppError, ctx: ProblemContext): ProblemOutcome {
  const headers: Record<string, string> = {};
  if (err.retryAfterSeconds !== undefined) headers['retry-after'] = String(err.retryAfterSeconds);
  return outcome(err.kind, err.code, err.message, ctx, err.issues, headers);
}

function outcome(
  kind: ErrorKind,
  code: string,
  detail: string,
  ctx: ProblemContext,
  issues?: Issue[],
  headers: Record<string, string> = {},
): ProblemOutcome {
  const { status, title } = errorKinds[kind];
  const problem: Problem = {
    type: problemType(code),
    title,
    status,
    code,
    detail,
    instance: ctx.instance,
    ...(ctx.requestId === undefined ? {} : { requestId: ctx.requestId }),
    ...(issues === undefined ? {} : { issues }),
  };
  return { problem, headers, logLevel: status >= 500 ? 'error' : 'info' };
}

/**
 * Fastify's own 4xx errors (bad JSON, unsupported media type, body too large…) carry stable
 * FST_ codes and messages written for clients, so they pass through. Anything else with a
 * statusCode came from some library and its message is not ours to publish.
 */
function asFastifyClientError(
  err: unknown,
): { statusCode: number; code: string; message: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { statusCode, code, message } = err as Record<string, unknown>;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  return { statusCode, code, message: typeof message === 'string' ? message : '' };
}

/**
 * Response entries for a route's schema, so the OpenAPI document lists the problems a route can
 * answer with: `response: { 200: Order, ...problemResponses(404, 409) }`.
 */
export function problemResponses<S extends number>(
  ...statuses: S[]
): Record<S, { description: string; content: Record<string, { schema: typeof problemSchema }> }> {
  const entries = statuses.map((status) => [
    status,
    {
      description: STATUS_CODES[status] ?? 'Problem',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
    },
  ]);
  return Object.fromEntries(entries) as Record<
    S,
    { description: string; content: Record<string, { schema: typeof problemSchema }> }
  >;
}
