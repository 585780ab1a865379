import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestApp, keys } from './test-support.js';
import { prototypeKeyFailures } from './testing.js';

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
