import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessTable, documentedAccess } from './access-table.js';
import type { RouteAccess } from './access.js';

const routes: RouteAccess[] = [
  { method: 'GET', url: '/orders/:id', roles: ['customer', 'csr'], open: null },
  { method: 'POST', url: '/callbacks/x', roles: null, open: 'signed by the provider' },
];

const docWith = (table: string) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sec-')), 'SECURITY.md');
  writeFileSync(file, `# S\n\n<!-- routes:svc -->\n${table}\n<!-- /routes:svc -->\n\nmore\n`);
  return file;
};

describe('the routes x roles table', () => {
  it('marks allowed roles and says why an open route needs no key', () => {
    const table = accessTable(routes);
    expect(table).toContain('| `GET /orders/:id` | ✓ |  | ✓ |');
    expect(table).toContain(
      '| `POST /callbacks/x` |  |  |  |  |  |  |  | signed by the provider |',
    );
  });

  it('finds a drift between the document and the registered routes', () => {
    const stale = accessTable([routes[0]!]);
    const { documented, registered } = documentedAccess(docWith(stale), 'svc', routes);
    expect(documented).not.toBe(registered);
  });

  it('ignores column padding, and rewrites the section when asked', () => {
    const padded = accessTable(routes).replaceAll('|', ' | ').replaceAll(':-:', ':---:');
    const same = documentedAccess(docWith(padded), 'svc', routes);
    expect(same.documented).toBe(same.registered);
    const file = docWith('old');
    documentedAccess(file, 'svc', routes, true);
    expect(readFileSync(file, 'utf8')).toContain(accessTable(routes));
    expect(readFileSync(file, 'utf8')).toMatch(/<!-- \/routes:svc -->\n\nmore\n$/);
  });
});
