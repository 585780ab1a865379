import { AppError } from '@forewarn/platform';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { principalOf } from './auth/api-key-auth.js';
import { canSeeCustomer, scopeToCustomer } from './auth/principal.js';
import type { HttpApp } from './app.js';
import { buildTestApp, keys } from './test-support.js';
import { tenancySweep, type TenancySweep } from './tenancy-sweep.js';

const THINGS = new Map([
  ['T-ACME', { thingId: 'T-ACME', customerId: 'C-ACME', note: 'acme note' }],
  ['T-GLOBEX', { thingId: 'T-GLOBEX', customerId: 'C-GLOBEX', note: 'globex secret' }],
]);
const anyone = ['customer', 'csr'] as const;

/** Routes written right, except where `leaky` asks for the mistake a new route could make. */
function thingRoutes(leaky: { list?: boolean; widget?: boolean }) {
  return (app: HttpApp) => {
    app.get(
      '/things/:thingId',
      { config: { roles: anyone }, schema: { params: z.object({ thingId: z.string() }) } },
      async (req) => {
        const thing = THINGS.get(req.params.thingId);
        if (!thing || !canSeeCustomer(principalOf(req), thing.customerId))
          throw new AppError('NOT_FOUND', 'THING_NOT_FOUND', 'No such thing.');
        return thing;
      },
    );
    app.get(
      '/things',
      {
        config: { roles: anyone },
        schema: {
          querystring: z.object({
            customerId: z.string().optional(),
            thingId: z.string().optional(),
          }),
        },
      },
      async (req) => {
        const { customerId, thingId } = req.query;
        // The mistake: only an explicit customer filter is scoped, so no filter lists everyone's.
        const customer = leaky.list
          ? customerId && scopeToCustomer(principalOf(req), customerId)
          : scopeToCustomer(principalOf(req), customerId);
        const items = [...THINGS.values()]
          .filter((t) => !customer || t.customerId === customer)
          .filter((t) => !thingId || t.thingId === thingId);
        return { items };
      },
    );
    app.put(
      '/things/:thingId/note',
      {
        config: { roles: anyone },
        schema: {
          params: z.object({ thingId: z.string() }),
          body: z.object({ customerId: z.string(), note: z.string() }),
        },
      },
      async (req) => {
        scopeToCustomer(principalOf(req), req.body.customerId);
        const thing = THINGS.get(req.params.thingId);
        if (!thing || !canSeeCustomer(principalOf(req), thing.customerId))
          throw new AppError('NOT_FOUND', 'THING_NOT_FOUND', 'No such thing.');
        return { thingId: thing.thingId };
      },
    );
    app.get('/staff/things', { config: { roles: ['csr'] } }, async () => ({
      items: [...THINGS.values()],
    }));
    if (leaky.widget)
      app.get(
        '/widgets/:widgetId',
        { config: { roles: anyone }, schema: { params: z.object({ widgetId: z.string() }) } },
        async () => ({}),
      );
  };
}

const sweep: TenancySweep = {
  key: keys.acme,
  staffKey: keys.csr,
  ours: { customerId: 'C-ACME', thingId: 'T-ACME', caseId: 'CASE-A' },
  theirs: { customerId: 'C-GLOBEX', thingId: 'T-GLOBEX', caseId: 'CASE-G' },
  markers: ['globex secret'],
  routes: {
    'POST /orders': { open: 'public' },
    'GET /orders/:orderId': { open: 'public' },
    'PUT /things/:thingId/note': {
      payload: (side) => ({ customerId: side.customerId, note: 'n' }),
    },
  },
};

describe('tenancySweep', () => {
  it('passes routes that keep B out, calling every registered route', async () => {
    const { app } = await buildTestApp({}, thingRoutes({}));
    try {
      const { swept, failures } = await tenancySweep(app, sweep);
      expect(failures).toEqual([]);
      expect(swept).toEqual([
        'POST /orders: open, public',
        'GET /orders/:orderId: open, public',
        "GET /cases: customer, B's customerId in the query 404; A's own below 400 with none of B's",
        'POST /cases/:caseId/escalate: staff only, 403',
        "GET /things/:thingId: customer, B's ids 404; A's own below 400 with none of B's",
        "GET /things: customer, B's customerId in the query 404; B's thingId in the query, nothing of B's; A's own below 400 with none of B's",
        "PUT /things/:thingId/note: customer, B's ids 404; B's customerId in the body 404; A's own below 400 with none of B's",
        'GET /staff/things: staff only, 403',
      ]);
    } finally {
      await app.close();
    }
  });

  it("fails for a list showing B's data, a route it cannot fill, an open route without a rule and a stale rule", async () => {
    const { app } = await buildTestApp({}, thingRoutes({ list: true, widget: true }));
    try {
      const { failures } = await tenancySweep(app, {
        ...sweep,
        routes: {
          'GET /orders/:orderId': { open: 'refused' },
          'GET /gone': {},
          'PUT /things/:thingId/note': {},
        },
      });
      expect(failures).toEqual([
        'GET /gone: in the sweep, not a registered route',
        'POST /orders: open (test route without credentials); say what a customer key gets (open)',
        'GET /orders/sweep: 404, not 401 or 403',
        "GET /things?thingId=T-GLOBEX: 200 holding B's C-GLOBEX, globex secret",
        "GET /things: 200 holding B's C-GLOBEX, T-GLOBEX, globex secret",
        'PUT /things/:thingId/note: the sweep cannot fill a body (routes[…].payload)',
        'GET /widgets/:widgetId: the sweep cannot fill path :widgetId (ours.widgetId, theirs.widgetId)',
      ]);
    } finally {
      await app.close();
    }
  });

  it('fails when B names nothing staff can see, or its markers overlap A’s ids', async () => {
    const { app } = await buildTestApp({}, thingRoutes({}));
    try {
      const { failures } = await tenancySweep(app, {
        ...sweep,
        markers: ['ACME'],
      });
      expect(failures).toEqual([
        'marker "ACME" overlaps A\'s "C-ACME": give B ids of its own',
        'marker "ACME" overlaps A\'s "T-ACME": give B ids of its own',
      ]);
      const unknown = await tenancySweep(app, {
        ...sweep,
        theirs: { ...sweep.theirs, thingId: 'T-NOPE' },
      });
      expect(unknown.failures).toEqual([
        "GET /things/T-NOPE: 404 for staff, so B's ids name nothing",
      ]);
    } finally {
      await app.close();
    }
  });
});
