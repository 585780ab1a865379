import { buildAsyncApi, eventTypeByName, toJsonSchema } from '@forewarn/contracts';
import { errors, openScope, problemResponses, type FastifyPluginAsyncZod } from '@forewarn/http';
import { z } from 'zod';

/** The contract, served for integration teams: no credentials needed to read it. */
export const contractRoutes: FastifyPluginAsyncZod = async (app) => {
  openScope(app, 'public event contract for integration teams');
  const asyncapi = buildAsyncApi();
  app.get(
    '/v1/asyncapi.json',
    {
      schema: {
        tags: ['contract'],
        summary: 'AsyncAPI 3 document of every Forewarn topic',
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async () => asyncapi as unknown as Record<string, unknown>,
  );
  app.get(
    '/v1/schemas/:type',
    {
      schema: {
        tags: ['contract'],
        summary: 'JSON Schema (draft-07) of an event type, for producers that do not use Avro',
        params: z.object({ type: z.string() }),
        querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
        response: { 200: z.record(z.string(), z.unknown()), ...problemResponses(404) },
      },
    },
    async (request) => {
      const { type } = request.params;
      const { version } = request.query;
      if (!eventTypeByName(type, version)) {
        throw errors.eventTypeUnknown(type, version);
      }
      return toJsonSchema(type, version) as unknown as Record<string, unknown>;
    },
  );
};
