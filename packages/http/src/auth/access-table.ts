import { readFileSync, writeFileSync } from 'node:fs';
import type { RouteAccess } from './access.js';
import type { Role } from './principal.js';

const COLUMNS = ['customer', 'source', 'csr', 'team_lead', 'ops_manager', 'executive', 'admin'];

/** A markdown table of routes x roles: ✓ where the role may call the route. */
export function accessTable(routes: readonly RouteAccess[]): string {
  const sorted = [...routes].sort(
    (a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method),
  );
  const head = `| route | ${COLUMNS.join(' | ')} | without a key, because |`;
  const rule = `|---|${COLUMNS.map(() => ':-:').join('|')}|---|`;
  const rows = sorted.map((r) => {
    const cells = COLUMNS.map((c) => (r.roles?.includes(c as Role) ? '✓' : ''));
    return `| \`${r.method} ${r.url}\` | ${cells.join(' | ')} | ${r.open ?? ''} |`;
  });
  return [head, rule, ...rows].join('\n');
}

/** Cell by cell, so a formatter's column padding (prettier aligns tables) is no difference. */
function normalizeTable(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .trim()
        .split('|')
        .map((cell) => cell.trim().replace(/^(:?)-+(:?)$/, '$1-$2'))
        .join('|'),
    )
    .join('\n');
}

const markers = (service: string) =>
  [`<!-- routes:${service} -->`, `<!-- /routes:${service} -->`] as const;

/**
 * The table of `service`'s routes as SECURITY.md shows it, and the table its registered routes
 * make; tests assert they are equal. With `update`, the document is rewritten first (run the
 * test with UPDATE_SECURITY_MD=1 after changing a route's roles, and review the diff).
 */
export function documentedAccess(
  docPath: string,
  service: string,
  routes: readonly RouteAccess[],
  update = false,
): { documented: string; registered: string } {
  const registered = accessTable(routes);
  const [open, close] = markers(service);
  const doc = readFileSync(docPath, 'utf8');
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start < 0 || end < start) return { documented: `(no ${open} section)`, registered };
  const documented = doc.slice(start + open.length, end).trim();
  if (update && normalizeTable(documented) !== normalizeTable(registered)) {
    writeFileSync(
      docPath,
      `${doc.slice(0, start + open.length)}\n${registered}\n${doc.slice(end)}`,
    );
    return { documented: normalizeTable(registered), registered: normalizeTable(registered) };
  }
  return { documented: normalizeTable(documented), registered: normalizeTable(registered) };
}
