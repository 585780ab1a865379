import { mapCarrierWebhook, type MappingTables } from '@forewarn/edi';
import { AppError, problemResponses, type FastifyPluginAsyncZod } from '@forewarn/http';
import { z } from 'zod';
import { ingest, recordRejects, rejection, statedSentAt, type IngestDeps } from '../ingest.js';
import { HMAC_DESCRIPTION, ingestResult } from './schemas.js';
import { sourceOf } from './source-auth.js';

export const webhookRoutes: FastifyPluginAsyncZod<IngestDeps & { tables: MappingTables }> = async (
  app,
  opts,
) => {
  app.post(
    '/v1/carriers/:carrier/webhook',
    {
      schema: {
        tags: ['ingestion'],
        summary: "Receive a carrier's own webhook",
        description:
          "The body is the carrier's own JSON, mapped through its entry in carrier-webhooks.json to tracking scans, ETA updates and proofs of delivery. " +
          'Unknown status codes are refused with the path of the code; all or nothing, like /v1/events. ' +
          HMAC_DESCRIPTION,
        params: z.object({ carrier: z.string().min(1) }),
        body: z.unknown(),
        response: { 202: ingestResult, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const source = sourceOf(request);
      const { carrier } = request.params;
      const mapping = opts.tables.webhooks[carrier];
      const mapped = mapCarrierWebhook(opts.tables, carrier, request.body);
      if (!mapping || !mapped) {
        throw new AppError(
          'NOT_FOUND',
          'CARRIER_UNKNOWN',
          `No webhook mapping for carrier ${carrier}.`,
        );
      }
      const locate = (i: number) => (mapping.events ? [...mapping.events.split('.'), i] : []);
      if (!mapped.ok) {
        await recordRejects(opts, source, new Set(mapped.issues.map((i) => i.index)).size);
        throw rejection(
          mapped.issues,
          new Set(mapped.issues.map((i) => i.index)).size,
          false,
          locate,
        );
      }
      // Issues and results name the carrier's own event index, not the derived event's.
      const result = await ingest(
        opts,
        source,
        mapped.drafts.map((d) => d.draft),
        {
          locate: (i) => locate(mapped.drafts[i]?.index ?? i),
          ...statedSentAt(request.headers),
        },
      );
      const carrierIndex = (i: number) => mapped.drafts[i]?.index ?? i;
      return reply.code(202).send({
        ...result,
        accepted: result.accepted.map((a) => ({ ...a, index: carrierIndex(a.index) })),
        duplicates: result.duplicates.map((d) => ({ ...d, index: carrierIndex(d.index) })),
      });
    },
  );
};
