import { problemResponses, type FastifyPluginAsyncZod } from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import { carriedShipments } from '../db/carrier-scorecard.js';
import { carrierScorecards, PICKUP_HOURS } from '../domain/carrier-scorecard.js';

const DAY_MS = 86_400_000;
const share = z.number().min(0).max(1).nullable();

const Scorecard = z
  .object({
    carrier: z.string(),
    shipments: z.number().int(),
    onTimePickup: share.describe(`First carrier scan within ${PICKUP_HOURS} h of shipping`),
    onTimeDelivery: share.describe("Delivered by the order's deliver-by, of those delivered"),
    trackingCompliance: share.describe('Never silent past the no-scan threshold'),
    exceptionRate: share,
    damageRate: share,
    meanDelayHours: z.number().nullable().describe('Mean hours late over the late deliveries'),
    trend: z.array(
      z.object({ week: z.string(), shipments: z.number().int(), onTimeDelivery: share }),
    ),
  })
  .meta({ id: 'CarrierScorecard' });

/**
 * Carrier scorecards over the shipments handed over in a rolling 7/30/90 days. This service owns
 * shipments and scans, so it computes them; the console only shows them.
 */
export const scorecardRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; now: () => Date }> = async (
  app,
  opts,
) => {
  app.get(
    '/v1/carriers/scorecards',
    {
      config: { roles: ['team_lead', 'ops_manager', 'executive', 'admin'] },
      schema: {
        tags: ['carrier scorecards'],
        summary:
          'On-time pickup and delivery, tracking compliance, exceptions, damage, delay, trend',
        querystring: z.object({
          days: z.enum(['7', '30', '90']).default('30').transform(Number),
          carrier: z.string().min(1).max(100).optional(),
        }),
        response: {
          200: z.object({
            window: z.object({ since: z.string(), until: z.string(), days: z.number().int() }),
            carriers: z.array(Scorecard),
          }),
          ...problemResponses(400),
        },
      },
    },
    async (req) => {
      const until = opts.now();
      const since = new Date(until.getTime() - req.query.days * DAY_MS);
      const ships = await carriedShipments(opts.pool, { since, until }, req.query.carrier);
      return {
        window: { since: since.toISOString(), until: until.toISOString(), days: req.query.days },
        carriers: carrierScorecards(ships),
      };
    },
  );
};
