/**
 * The one definition of "late" every service uses: an instant after the promised instant. The
 * order service resolves promises to instants (promise.ts) and publishes them; nobody compares
 * dates or re-derives a promise on their own.
 */
export function isLate(at: string | Date, dueBy: string | Date): boolean {
  return new Date(at).getTime() > new Date(dueBy).getTime();
}

/** A shipment is late when it left (or, not yet shipped, now is) after its ship-by. */
export function isLateShipment(shipByAt: string, shippedAt: string | null, now: Date): boolean {
  return isLate(shippedAt ?? now, shipByAt);
}

/** An ETA or a delivery after the deliver-by instant breaks the promise. */
export function isLateDelivery(etaOrDeliveredAt: string, deliverByAt: string): boolean {
  return isLate(etaOrDeliveredAt, deliverByAt);
}

/** Whole minutes from the promise to the later instant (0 when on time). */
export function minutesLate(at: string, dueBy: string): number {
  return Math.max(0, Math.round((Date.parse(at) - Date.parse(dueBy)) / 60_000));
}
