import type pg from 'pg';

type Q = Pick<pg.ClientBase, 'query'>;

export interface ScanFact {
  trackingNumber: string;
  at: string;
}
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

/** Adds carrier scan times to their parcels' lists (sorted, the latest kept). */
export async function recordScans(db: Q, scans: readonly ScanFact[]): Promise<void> {
  if (scans.length === 0) return;
  // One row per parcel (an upsert may touch a row once): its scans of the batch as one list.
  const parcels = new Map<string, { tn: string; at: string[] }>();
  for (const s of scans) {
    const k = s.trackingNumber;
    const p = parcels.get(k) ?? { tn: s.trackingNumber, at: [] };
    p.at.push(new Date(s.at).toISOString());
    parcels.set(k, p);
  }
  const list = [...parcels.values()];
  await db.query(
    `INSERT INTO parcel_scans (tracking_number, scans)
       SELECT p.tn, (SELECT COALESCE(jsonb_agg(t ORDER BY t), '[]'::jsonb) FROM (
           SELECT DISTINCT t FROM jsonb_array_elements_text(p.scans) AS t ORDER BY t DESC LIMIT ${KEEP}) s)
       FROM unnest($1::text[], $2::jsonb[]) AS p(tn, scans)
       ON CONFLICT (tracking_number) DO UPDATE SET scans = ${SCAN_MERGE.sql}`,
    [list.map((p) => p.tn), list.map((p) => JSON.stringify(p.at))],
  );
}
