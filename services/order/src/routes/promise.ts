import {
  canSeeCustomer,
  errors,
  principalOf,
  problemResponses,
  type FastifyPluginAsyncZod,
  type Role,
} from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import { loadFoldStates } from '../db/fold-state.js';
import { orderIdParams } from './schemas.js';

const instant = z.string().meta({ format: 'date-time' });

export const orderPromiseSchema = z
  .object({
    orderId: z.string(),
    customerId: z.string(),
    shipBy: instant,
    deliverBy: instant,
    timezone: z.string().nullable(),
  })
  .meta({ id: 'OrderPromise' });

const readers: Role[] = ['customer', 'csr', 'team_lead', 'ops_manager', 'executive', 'admin'];

/**
 * The promise as the instants this service resolved (ship-by, deliver-by): what "late" is
 * measured against by everyone who shows it (the tracking page), so nobody re-derives it from
 * the promised dates.
 */
export const promiseRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, opts) => {
  app.get(
    '/v1/orders/:orderId/promise',
    {
      config: { roles: readers },
      schema: {
        tags: ['orders'],
        summary: 'The promise of one order as instants: ship-by and deliver-by',
        params: orderIdParams,
        response: { 200: orderPromiseSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { orderId } = request.params;
      const header = (await loadFoldStates(opts.pool, [orderId])).get(orderId)?.facts.header;
      if (!header || !canSeeCustomer(principalOf(request), header.customerId))
        throw errors.orderNotFound(orderId);
      return {
        orderId,
        customerId: header.customerId,
        shipBy: header.shipBy,
        deliverBy: header.deliverBy,
        timezone: header.timezone,
      };
    },
  );
};
