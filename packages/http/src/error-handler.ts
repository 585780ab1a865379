import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '@forewarn/platform';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';

/** Path without the query string: queries may carry personal data (an email searched for). */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

async function sendProblem(
  err: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { problem, headers, logLevel } = toProblem(err, {
    instance: pathOf(request.url),
    requestId: request.id,
  });
  if (logLevel === 'error') {
    // The full error (message, stack, cause) goes to the log only; the client got a generic text.
    request.log.error({ err, code: problem.code }, 'request failed');
  } else {
    request.log.info({ code: problem.code, status: problem.status }, problem.detail);
  }
  return reply.code(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** One error shape for every failure, including routes that do not exist. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => sendProblem(err, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(errors.routeNotFound(request.method, pathOf(request.url)), request, reply),
  );
}
