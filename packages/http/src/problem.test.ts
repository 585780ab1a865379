import { describe, expect, it } from 'vitest';
import { AppError, defineError, errors } from '@forewarn/platform';
import { problemSchema, toProblem } from './problem.js';

const ctx = { instance: '/orders/SO-1', requestId: 'req-1' };

describe('toProblem', () => {
  it('maps each kind to its status and keeps the stable code and detail', () => {
    const cases = [
      ['INVALID_DATA', 400],
      ['UNAUTHORIZED', 401],
      ['FORBIDDEN', 403],
      ['NOT_FOUND', 404],
      ['CONFLICT', 409],
      ['PRECONDITION_FAILED', 412],
      ['RATE_LIMITED', 429],
      ['UNAVAILABLE', 503],
    ] as const;
    for (const [kind, status] of cases) {
      const { problem } = toProblem(new AppError(kind, 'SOME_RULE', 'Because.'), ctx);
      expect(problem).toMatchObject({ status, code: 'SOME_RULE', detail: 'Because.' });
      expect(problemSchema.safeParse(problem).success).toBe(true);
    }
  });

  it('builds a problem from a catalog entry', () => {
    const OrderNotFound = defineError('NOT_FOUND', 'ORDER_NOT_FOUND', (id: string) => `No ${id}.`);
    expect(OrderNotFound.code).toBe('ORDER_NOT_FOUND');
    const outcome = toProblem(OrderNotFound('SO-1'), ctx);
    expect(outcome).toEqual({
      problem: {
        type: 'urn:forewarn:problem:order-not-found',
        title: 'Not found',
        status: 404,
        code: 'ORDER_NOT_FOUND',
        detail: 'No SO-1.',
        instance: '/orders/SO-1',
        requestId: 'req-1',
      },
      headers: {},
      logLevel: 'info',
    });
  });

  it('sends Retry-After for a temporarily unavailable dependency and logs it as an error', () => {
    const err = new AppError('UNAVAILABLE', 'CRM_DOWN', 'CRM unreachable.', {
      retryAfterSeconds: 30,
    });
    const outcome = toProblem(err, ctx);
    expect(outcome.headers).toEqual({ 'retry-after': '30' });
    expect(outcome.logLevel).toBe('error');
  });

  it('never publishes the message of an unknown error', () => {
    for (const err of [
      new Error('password=hunter2'),
      'hunter2',
      { statusCode: 404, message: 'hunter2' },
    ]) {
      const outcome = toProblem(err, ctx);
      expect(outcome.problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
      expect(JSON.stringify(outcome.problem)).not.toContain('hunter2');
      expect(outcome.logLevel).toBe('error');
    }
  });

  it('passes fastify client errors through with their FST code', () => {
    const err = Object.assign(new Error('Unsupported Media Type: text/csv'), {
      statusCode: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    });
    expect(toProblem(err, ctx).problem).toMatchObject({
      status: 415,
      title: 'Unsupported Media Type',
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      detail: 'Unsupported Media Type: text/csv',
    });
  });

  it('carries validation issues of an AppError', () => {
    const issues = [{ path: '/lines/0/qty', code: 'too_small', message: 'must be positive' }];
    const err = new AppError('INVALID_DATA', 'ORDER_LINES_INVALID', 'Bad lines.', { issues });
    expect(toProblem(err, ctx).problem.issues).toEqual(issues);
  });

  it('names the route in the package-level catalog entries', () => {
    expect(errors.routeNotFound('GET', '/x').message).toBe('No route GET /x.');
  });
});
