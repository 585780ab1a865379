import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from './app.js';
import { buildTestApp } from './test-support.js';

describe('the generated OpenAPI document', () => {
  let app: HttpApp;
  beforeAll(async () => {
    ({ app } = await buildTestApp());
  });
  afterAll(() => app.close());

  it('states each route’s access: secured routes their roles, open routes why and security []', () => {
    const doc = app.swagger() as unknown as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const cases = doc.paths['/cases']!['get']!;
    expect(cases['security']).toEqual([{ apiKey: [] }]);
    expect(cases['x-roles']).toEqual(['customer', 'csr', 'team_lead']);
    const create = doc.paths['/orders']!['post']!;
    expect(create['security']).toEqual([]);
    expect(create['x-open']).toBe('test route without credentials');
    const ops = Object.values(doc.paths).flatMap((item) => Object.values(item));
    expect(ops.every((op) => Array.isArray(op['security']))).toBe(true);
    const ids = ops.map((op) => op['operationId']);
    expect(new Set(ids).size).toBe(ops.length);
    expect(doc.paths['/cases/{caseId}/escalate']!['post']!['operationId']).toBe(
      'postCasesByCaseIdEscalate',
    );
  });
});
