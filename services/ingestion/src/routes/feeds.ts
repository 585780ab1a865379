import {
  errors,
  principalOf,
  problemResponses,
  type FastifyPluginAsyncZod,
  type Role,
} from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import type { IngestionEnv } from '../config.js';
import { emptyStats, feedView } from '../domain/feed-status.js';
import { readFeedStats } from '../db/feed-health.js';
import { policyFor } from '../config.js';

const FeedView = z
  .object({
    source: z.string(),
    lastOccurredAt: z.string().nullable(),
    lastReceivedAt: z.string().nullable(),
    eventsTotal: z.number(),
    rejectsTotal: z.number().describe('Refused at the ingestion edge'),
    dlqTotal: z.number().describe('Dead-lettered by a downstream consumer'),
    eventsPerMinute: z.number().describe('Over the rate window (FEED_RATE_WINDOW_MINUTES)'),
    rejectRate: z.number(),
    activeNow: z.boolean(),
    silentMinutes: z.number().nullable(),
    stalled: z.boolean().describe('Silent for stallMinutes or more during active hours'),
    stallMinutes: z.number(),
  })
  .meta({ id: 'FeedHealth' });

export const feedRoutes: FastifyPluginAsyncZod<{
  pool: pg.Pool;
  config: IngestionEnv;
  now: () => Date;
}> = async (app, opts) => {
  const views = async (source?: string) => {
    const now = opts.now();
    const windowMinutes = opts.config.FEED_RATE_WINDOW_MINUTES;
    const stats = await readFeedStats(
      opts.pool,
      new Date(now.getTime() - windowMinutes * 60_000),
      source,
    );
    // Sources with a policy are expected: one never heard from is listed (and stalled when active).
    const expected = Object.keys(opts.config.FEED_POLICIES).filter(
      (s) => source === undefined || s === source,
    );
    for (const s of expected) if (!stats.some((x) => x.source === s)) stats.push(emptyStats(s));
    return stats.map((s) => feedView(s, policyFor(opts.config, s.source), now, windowMinutes));
  };
  const staff: Role[] = ['admin', 'ops_manager', 'team_lead', 'csr', 'executive'];

  app.get(
    '/v1/feeds',
    {
      config: { roles: staff },
      schema: {
        tags: ['feed health'],
        summary: 'Health of every source feed: last event, rate, rejects, stalled',
        response: { 200: z.object({ feeds: z.array(FeedView) }) },
      },
    },
    async () => ({ feeds: await views() }),
  );

  app.get(
    '/v1/feeds/:source',
    {
      config: { roles: [...staff, 'source'] },
      schema: {
        tags: ['feed health'],
        summary: 'Health of one source feed (a source key sees its own only)',
        params: z.object({ source: z.string() }),
        response: { 200: FeedView, ...problemResponses(404) },
      },
    },
    async (request) => {
      const { source } = request.params;
      const principal = principalOf(request);
      const [view] =
        principal.role === 'source' && principal.sourceSystem !== source ? [] : await views(source);
      if (!view) throw errors.feedUnknown(source);
      return view;
    },
  );
};
