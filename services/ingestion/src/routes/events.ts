import { problemResponses, type FastifyPluginAsyncZod } from '@forewarn/http';
import { z } from 'zod';
import { ingest, statedSentAt, type IngestDeps } from '../ingest.js';
import { HMAC_DESCRIPTION, ingestResult } from './schemas.js';
import { sourceOf } from './source-auth.js';

export const eventsRoutes: FastifyPluginAsyncZod<IngestDeps & { maxEvents: number }> = async (
  app,
  opts,
) => {
  app.post(
    '/v1/events',
    {
      schema: {
        tags: ['ingestion'],
        summary: 'Publish a batch of canonical source events',
        description:
          'All or nothing: when any event breaks its contract, nothing is accepted and the answer lists every issue of every event (`path` is a JSON pointer such as `/events/3/payload/status`). ' +
          'Events already received (same sourceSystem and eventId) are reported as duplicates and not published again. ' +
          HMAC_DESCRIPTION,
        body: z.object({ events: z.array(z.unknown()).min(1).max(opts.maxEvents) }),
        response: { 202: ingestResult, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const result = await ingest(opts, sourceOf(request), request.body.events, {
        ...statedSentAt(request.headers),
      });
      return reply.code(202).send(result);
    },
  );
};
