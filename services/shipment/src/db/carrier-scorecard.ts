import type { CarriedShipment } from '../domain/carrier-scorecard.js';
import type { Queryable } from './queryable.js';

/**
 * The shipments handed to a carrier in [since, until] (optionally one carrier), each with what
 * its scorecard needs: the first carrier scan of any of its parcels, whether any scan was an
 * exception (and a damage), whether the no-scan timer fired, and the order's deliver-by as the
 * order service published it.
 */
export async function carriedShipments(
  db: Queryable,
  window: { since: Date; until: Date },
  carrier?: string,
): Promise<CarriedShipment[]> {
  const rows = await db.query<{
    carrier: string;
    shipped_at: Date;
    first_scan_at: Date | null;
    delivered_at: Date | null;
    deliver_by: string | null;
    had_exception: boolean;
    damaged: boolean;
    scan_gap: boolean;
  }>(
    `SELECT s.carrier, s.shipped_at, s.delivered_at,
            f.facts ->> 'deliverBy' AS deliver_by,
            scans.first_scan_at,
            COALESCE(scans.had_exception, false) AS had_exception,
            COALESCE(scans.damaged, false) AS damaged,
            EXISTS (SELECT 1 FROM no_scan_timers t
                    WHERE t.shipment_id = s.shipment_id AND t.fired_at IS NOT NULL) AS scan_gap
     FROM shipments s
     LEFT JOIN order_facts f ON f.order_id = s.order_id
     LEFT JOIN LATERAL (
       SELECT min(e.occurred_at) AS first_scan_at,
              bool_or(e.body -> 'payload' ->> 'status' = 'exception') AS had_exception,
              bool_or(e.body -> 'payload' ->> 'exceptionReason' = 'damaged') AS damaged
       FROM events e
       WHERE e.type = 'carrier.tracking.scanned'
         AND (e.shipment_id = s.shipment_id OR e.tracking_number = ANY (s.tracking_numbers))
     ) scans ON true
     WHERE s.carrier IS NOT NULL AND s.shipped_at >= $1 AND s.shipped_at <= $2
       AND ($3::text IS NULL OR s.carrier = $3)`,
    [window.since, window.until, carrier ?? null],
  );
  return rows.rows.map((r) => ({
    carrier: r.carrier,
    shippedAt: r.shipped_at.toISOString(),
    firstScanAt: r.first_scan_at?.toISOString() ?? null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    deliverBy: r.deliver_by,
    hadException: r.had_exception,
    damaged: r.damaged,
    scanGap: r.scan_gap,
  }));
}
