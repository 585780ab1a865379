import { EdiError, mapInterchange, type MappingTables } from '@forewarn/edi';
import { AppError, problemResponses, type FastifyPluginAsyncZod } from '@forewarn/http';
import { z } from 'zod';
import { ingest, recordRejects, statedSentAt, type IngestDeps } from '../ingest.js';
import { HMAC_DESCRIPTION, ingestResult } from './schemas.js';
import { sourceOf } from './source-auth.js';

export const ediRoutes: FastifyPluginAsyncZod<IngestDeps & { tables: MappingTables }> = async (
  app,
  opts,
) => {
  app.post(
    '/v1/edi',
    {
      schema: {
        tags: ['ingestion'],
        summary: 'Submit an X12 interchange (214 carrier status, 856 ship notice)',
        description:
          'Send the interchange as `application/edi-x12` or `text/plain`. Separators are read from ISA; envelopes, control numbers and counts are checked. ' +
          'A malformed or unmappable interchange is refused whole, with an issue naming the segment (position and id) and element, e.g. path `/segments/12/AT7-01`. ' +
          HMAC_DESCRIPTION,
        body: z.string().min(1),
        response: { 202: ingestResult, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const source = sourceOf(request);
      let events;
      try {
        events = mapInterchange(request.body, opts.tables).events;
      } catch (err) {
        if (!(err instanceof EdiError)) throw err;
        await recordRejects(opts, source, 1);
        const at = err.at;
        const path = at
          ? `/segments/${at.position}/${at.segmentId}${at.element === undefined ? '' : `-${String(at.element).padStart(2, '0')}`}`
          : '';
        throw new AppError(
          'INVALID_DATA',
          'EDI_INVALID',
          `The interchange was refused: ${err.message}`,
          {
            issues: [{ location: 'body', path, code: err.code, message: err.message }],
          },
        );
      }
      const result = await ingest(opts, source, events, {
        locate: (i) => ['events', i],
        ...statedSentAt(request.headers),
      });
      return reply.code(202).send(result);
    },
  );
};
