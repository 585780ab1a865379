import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canSeeCustomer } from './auth/principal.js';
import { principalOf } from './auth/api-key-auth.js';
import { AppError } from '@forewarn/platform';
import { buildTestApp, keys } from './test-support.js';
import { isolationFailures, prototypeKeyFailures } from './testing.js';

const TABLE: Record<string, { label: string }> = { a: { label: 'A' } };

describe('prototypeKeyFailures', () => {
  it('finds a route that looks user input up in a plain object, and passes one using a Map', async () => {
    const safe = new Map(Object.entries(TABLE));
    const { app } = await buildTestApp({}, (a) => {
      a.get(
        '/careless/:code',
        { config: { roles: ['csr'] }, schema: { params: z.object({ code: z.string() }) } },
        async (req) => ({ label: TABLE[req.params.code]?.label.toUpperCase() ?? null }),
      );
      a.get(
        '/careful/:code',
        { config: { roles: ['csr'] }, schema: { params: z.object({ code: z.string() }) } },
        async (req) => ({ label: safe.get(req.params.code)?.label.toUpperCase() ?? null }),
      );
    });
    try {
      const failures = await prototypeKeyFailures(app, (role) =>
        role === 'csr' ? keys.csr : undefined,
      );
      expect(failures.some((f) => f.startsWith('GET /careless/constructor'))).toBe(true);
      expect(failures.filter((f) => f.includes('/careful/'))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('isolationFailures', () => {
  const owners = new Map([
    ['SO-A', 'C-ACME'],
    ['SO-G', 'C-GLOBEX'],
  ]);
  const withRoutes = () =>
    buildTestApp({}, (a) => {
      const params = { params: z.object({ orderId: z.string() }) };
      // Right: another customer's order is the same 404 as a missing one.
      a.get(
        '/orders/:orderId/lines',
        { config: { roles: ['customer', 'csr'] }, schema: params },
        async (req) => {
          const owner = owners.get(req.params.orderId);
          if (!owner || !canSeeCustomer(principalOf(req), owner))
            throw new AppError('NOT_FOUND', 'ORDER_NOT_FOUND', 'No such order.');
          return { orderId: req.params.orderId };
        },
      );
      // Wrong: 403 tells the caller the order exists.
      a.get(
        '/orders/:orderId/notes',
        { config: { roles: ['customer', 'csr'] }, schema: params },
        async (req) => {
          const owner = owners.get(req.params.orderId);
          if (!owner) throw new AppError('NOT_FOUND', 'ORDER_NOT_FOUND', 'No such order.');
          if (!canSeeCustomer(principalOf(req), owner))
            throw new AppError('FORBIDDEN', 'NOT_YOURS', 'Not yours.');
          return { orderId: req.params.orderId };
        },
      );
      // Staff only: needs no row.
      a.get('/staff/:orderId', { config: { roles: ['csr'] }, schema: params }, async () => ({}));
    });

  it("passes a route answering another customer's id 404 and the owner's 200", async () => {
    const { app } = await withRoutes();
    try {
      const failures = await isolationFailures(app, keys.acme, {
        'GET /orders/:orderId/lines': { theirs: '/orders/SO-G/lines', ours: '/orders/SO-A/lines' },
        'GET /orders/:orderId/notes': { theirs: '/orders/SO-G/notes', ours: '/orders/SO-A/notes' },
      });
      expect(failures).toEqual(['GET /orders/SO-G/notes: 403, not 404']);
    } finally {
      await app.close();
    }
  });

  it('fails for a customer route with an id that has no row, a stale row, and a refused owner', async () => {
    const { app } = await withRoutes();
    try {
      const failures = await isolationFailures(app, keys.acme, {
        'GET /orders/:orderId/lines': { theirs: '/orders/SO-G/lines', ours: '/orders/SO-X/lines' },
        'GET /orders/:orderId/gone': { theirs: '/orders/SO-G/gone' },
      });
      expect(failures).toEqual([
        'GET /orders/:orderId/notes: not in the isolation matrix',
        'GET /orders/SO-X/lines: 404 for the owner',
        'GET /orders/:orderId/gone: not a registered route',
      ]);
    } finally {
      await app.close();
    }
  });
});
