import type pg from 'pg';
import type { SubjectFacts } from '../domain/subject-facts.js';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * Records the batch's sites and carriers: two statements at most, whatever the batch size; a
 * row that already says the same is left alone (most order events repeat the known site).
 */
export async function recordSubjectFacts(db: Q, f: SubjectFacts): Promise<void> {
  if (f.sites.length > 0) {
    await db.query(
      `INSERT INTO order_sites (order_id, site_id)
       SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (order_id) DO UPDATE SET site_id = EXCLUDED.site_id
       WHERE order_sites.site_id IS DISTINCT FROM EXCLUDED.site_id`,
      [f.sites.map((s) => s.orderId), f.sites.map((s) => s.siteId)],
    );
  }
  if (f.carriers.length > 0) {
    await db.query(
      `INSERT INTO shipment_carriers (shipment_id, order_id, carrier)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (shipment_id) DO UPDATE SET order_id = EXCLUDED.order_id,
         carrier = EXCLUDED.carrier
       WHERE (shipment_carriers.order_id, shipment_carriers.carrier)
         IS DISTINCT FROM (EXCLUDED.order_id, EXCLUDED.carrier)`,
      [
        f.carriers.map((c) => c.shipmentId),
        f.carriers.map((c) => c.orderId),
        f.carriers.map((c) => c.carrier),
      ],
    );
  }
}

/**
 * The site and carrier filters of the proactivity KPIs as SQL over exceptions `e`, values bound
 * into params. An exception's site is its order's (a shipment exception's order through its
 * shipment); its carrier its shipment's, or any shipment's of an order exception.
 */
export function subjectFilterSql(
  f: { site?: string; carrier?: string },
  params: unknown[],
): string {
  const bind = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (f.site !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM order_sites os WHERE os.site_id = ${bind(f.site)}
      AND os.order_id = coalesce(e.order_id,
        (SELECT sc.order_id FROM shipment_carriers sc WHERE sc.shipment_id = e.shipment_id)))`);
  }
  if (f.carrier !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM shipment_carriers sc WHERE sc.carrier = ${bind(f.carrier)}
      AND (sc.shipment_id = e.shipment_id OR (e.shipment_id IS NULL AND sc.order_id = e.order_id)))`);
  }
  return where.map((w) => ` AND ${w}`).join('');
}
