import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { openScope, principalOf, type FastifyPluginAsyncZod } from '@forewarn/http';
import { EXCEPTION_TYPES, REQUEST_TYPES } from '@forewarn/contracts';
import { z } from 'zod';
import { REQUEST_QUEUES } from '../domain/cases/request-types.js';
import { catalogEntries } from '../domain/rules/catalog.js';
import { queueQuerySchema, remedySchema } from '../routes/schemas.js';

/** What the queue filters offer, from the API's own lists, so the page never drifts from them. */
export const consoleVocabulary = {
  caseTypes: [...EXCEPTION_TYPES, ...REQUEST_TYPES],
  // Customer requests land in their type's queue (request-types.ts).
  queues: [...new Set([...catalogEntries.map((e) => e.queue), ...REQUEST_QUEUES])].sort(),
  tiers: queueQuerySchema.shape.tier.unwrap().options,
  slaStates: queueQuerySchema.shape.slaState.unwrap().options,
  remedyKinds: remedySchema.shape.kind.options,
};

/** Chart.js's UMD build, served from node_modules under /console/vendor/ (the page loads nothing from elsewhere). */
export const CHART_JS_DIR = dirname(createRequire(import.meta.url).resolve('chart.js'));

/** Built next to this module: src/console/public under vitest, dist/console/public once built. */
export const CONSOLE_DIR = fileURLToPath(new URL('./public/', import.meta.url));

// The page loads nothing from elsewhere and is never framed; the API it calls is this origin.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The CSR console: static pages under /console/ (open, so the page can ask for the key) and
 * GET /console/session, which tells the page whose key it holds. Every other call the page
 * makes goes to the API itself, with the key in its header.
 */
export const consoleRoutes: FastifyPluginAsyncZod = async (app) => {
  // A scope of its own, so only the static files are open.
  await app.register(async (files) => {
    openScope(files, 'static console page; it asks for the key and sends it with each API call');
    await files.register(fastifyStatic, {
      root: CONSOLE_DIR,
      prefix: '/console',
      redirect: true,
      // The page is small and changes with the service: revalidate rather than serve a stale copy.
      cacheControl: false,
      setHeaders: (res) => {
        res.setHeader('cache-control', 'no-cache');
        res.setHeader('content-security-policy', CSP);
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'no-referrer');
      },
    });
    await files.register(fastifyStatic, {
      root: CHART_JS_DIR,
      prefix: '/console/vendor/',
      decorateReply: false,
      allowedPath: (path) => path === '/chart.umd.min.js',
      setHeaders: (res) => {
        res.setHeader('x-content-type-options', 'nosniff');
      },
    });
  });

  app.get(
    '/console/session',
    {
      config: { roles: ['csr', 'team_lead', 'ops_manager', 'executive', 'admin'] },
      schema: {
        tags: ['console'],
        summary: 'Who holds this API key (the console signs in with it)',
        response: {
          200: z.object({
            name: z.string().nullable(),
            role: z.string(),
            vocabulary: z.record(z.string(), z.array(z.string())),
          }),
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return { name: p.name ?? null, role: p.role, vocabulary: consoleVocabulary };
    },
  );
};
