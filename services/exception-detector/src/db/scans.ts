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

/** Adds a carrier scan time to its parcel's list (sorted, the latest kept). */
export async function recordScan(db: Q, tenantId: string, tn: string, at: string): Promise<void> {
  await db.query(
    `INSERT INTO parcel_scans (tenant_id, tracking_number, scans) VALUES ($1, $2, jsonb_build_array($3::text))
     ON CONFLICT (tenant_id, tracking_number) DO UPDATE SET scans = ${SCAN_MERGE.sql}`,
    [tenantId, tn, new Date(at).toISOString()],
  );
}

export async function scansOf(db: Q, tenantId: string, tns: readonly string[]): Promise<string[]> {
  if (tns.length === 0) return [];
  const { rows } = await db.query<{ t: string }>(
    `SELECT jsonb_array_elements_text(scans) AS t FROM parcel_scans
     WHERE tenant_id = $1 AND tracking_number = ANY($2)`,
    [tenantId, [...tns]],
  );
  return rows.map((r) => r.t).sort();
}
