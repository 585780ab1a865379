import type pg from 'pg';

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * Data-modifying statements over shared parameters: each statement's `$1…` are this write's
 * own `params`. Its statements touch disjoint rows, so they may run in any order.
 */
export interface Write {
  statements: string[];
  params: unknown[];
}

/**
 * Runs writes (a null is none) as one statement, each a data-modifying CTE of one WITH, however
 * many there are: one round trip for a batch's whole write-back. The CTEs share one snapshot and
 * see none of each other's rows, and foreign keys are checked at the statement's end, so a child
 * row may name a parent row written beside it.
 */
export async function runWrites(
  client: Queryable,
  writes: readonly (Write | null)[],
): Promise<void> {
  const ctes: string[] = [];
  const params: unknown[] = [];
  for (const w of writes) {
    if (!w) continue;
    const offset = params.length;
    for (const sql of w.statements)
      ctes.push(
        `w${ctes.length} AS (${sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`,
      );
    params.push(...w.params);
  }
  if (ctes.length === 0) return;
  await client.query(`WITH ${ctes.join(',\n')}\nSELECT 1`, params);
}
