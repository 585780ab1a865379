import type pg from 'pg';

/**
 * Deletes rows published before `cutoff`, in chunks so no single statement holds many row
 * locks or bloats one transaction. Returns how many rows went.
 */
export async function deletePublishedBefore(
  client: Pick<pg.ClientBase, 'query'>,
  table: string,
  cutoff: Date,
  chunkSize = 1_000,
): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await client.query(
      `DELETE FROM ${table} WHERE id IN (
         SELECT id FROM ${table} WHERE published_at < $1 ORDER BY published_at LIMIT $2)`,
      [cutoff, chunkSize],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < chunkSize) return total;
  }
}
