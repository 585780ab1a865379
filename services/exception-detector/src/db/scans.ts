import type pg from 'pg';

type Q = Pick<pg.ClientBase, 'query'>;
const KEEP = 60;

/** The upsert's merge of a parcel's kept scans with the new ones (sorted, the latest kept). */
export const SCAN_MERGE = {
  keep: KEEP,
  sql: `(
       SELECT COALESCE(jsonb_agg(t ORDER BY t), '[]'::jsonb) FROM (
         SELECT DISTINCT t FROM jsonb_array_elements_text(parcel_scans.scans || EXCLUDED.scans) AS t
         ORDER BY t DESC LIMIT ${KEEP}) s)`,
};

export async function scansOf(db: Q, tns: readonly string[]): Promise<string[]> {
  if (tns.length === 0) return [];
  const { rows } = await db.query<{ t: string }>(
    `SELECT jsonb_array_elements_text(scans) AS t FROM parcel_scans
     WHERE tracking_number = ANY($1)`,
    [[...tns]],
  );
  return rows.map((r) => r.t).sort();
}
