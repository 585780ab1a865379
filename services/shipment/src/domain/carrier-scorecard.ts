import { isoWeekMonday } from '@forewarn/domain';
/** What a carrier scorecard needs of one shipment it carried. */
export interface CarriedShipment {
  carrier: string;
  shippedAt: string;
  /** The first carrier scan (pickup or later), if any. */
  firstScanAt: string | null;
  deliveredAt: string | null;
  /** The order service's deliver-by instant for the order, when it has one. */
  deliverBy: string | null;
  hadException: boolean;
  damaged: boolean;
  /** A scan gap: the no-scan timer fired while the parcel was with the carrier. */
  scanGap: boolean;
}

export interface CarrierScorecard {
  carrier: string;
  shipments: number;
  /** Of the shipments, the share first scanned within PICKUP_HOURS of shipping. */
  onTimePickup: number | null;
  /** Of the delivered shipments with a deliver-by, the share delivered by it. */
  onTimeDelivery: number | null;
  /** Of the shipments, the share never silent past the no-scan threshold. */
  trackingCompliance: number | null;
  exceptionRate: number | null;
  damageRate: number | null;
  /** Mean hours late over the late deliveries (0 when none was late). */
  meanDelayHours: number | null;
  /** On-time delivery per ISO week (Monday, UTC) of shipping, oldest first. */
  trend: { week: string; shipments: number; onTimeDelivery: number | null }[];
}

/** A carrier that has not scanned a parcel within a day of shipping missed its pickup. */
export const PICKUP_HOURS = 24;
const HOUR_MS = 3_600_000;
const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

function onTimeDelivery(ships: readonly CarriedShipment[]): number | null {
  const judged = ships.filter((s) => s.deliveredAt !== null && s.deliverBy !== null);
  return ratio(
    judged.filter((s) => Date.parse(s.deliveredAt!) <= Date.parse(s.deliverBy!)).length,
    judged.length,
  );
}

/** One scorecard per carrier, carriers in name order (pure, so tested apart from the database). */
export function carrierScorecards(shipments: readonly CarriedShipment[]): CarrierScorecard[] {
  const byCarrier = new Map<string, CarriedShipment[]>();
  for (const s of shipments) byCarrier.set(s.carrier, [...(byCarrier.get(s.carrier) ?? []), s]);
  return [...byCarrier.keys()].sort().map((carrier) => {
    const ships = byCarrier.get(carrier)!;
    const n = ships.length;
    const pickedUp = ships.filter(
      (s) =>
        s.firstScanAt !== null &&
        Date.parse(s.firstScanAt) - Date.parse(s.shippedAt) <= PICKUP_HOURS * HOUR_MS,
    ).length;
    const late = ships
      .filter((s) => s.deliveredAt !== null && s.deliverBy !== null)
      .map((s) => (Date.parse(s.deliveredAt!) - Date.parse(s.deliverBy!)) / HOUR_MS)
      .filter((h) => h > 0);
    const judged = ships.filter((s) => s.deliveredAt !== null && s.deliverBy !== null).length;
    const weeks = new Map<string, CarriedShipment[]>();
    for (const s of ships) {
      const w = isoWeekMonday(s.shippedAt);
      weeks.set(w, [...(weeks.get(w) ?? []), s]);
    }
    return {
      carrier,
      shipments: n,
      onTimePickup: ratio(pickedUp, n),
      onTimeDelivery: onTimeDelivery(ships),
      trackingCompliance: ratio(ships.filter((s) => !s.scanGap).length, n),
      exceptionRate: ratio(ships.filter((s) => s.hadException).length, n),
      damageRate: ratio(ships.filter((s) => s.damaged).length, n),
      meanDelayHours:
        judged === 0 ? null : late.length === 0 ? 0 : late.reduce((a, b) => a + b, 0) / late.length,
      trend: [...weeks.keys()].sort().map((week) => ({
        week,
        shipments: weeks.get(week)!.length,
        onTimeDelivery: onTimeDelivery(weeks.get(week)!),
      })),
    };
  });
}
