/**
 * "Short" means fewer units than the quantity it is measured against: delivered against shipped
 * (a carrier loss), picked against ordered (the WMS says so in its own pick events, and the order
 * service carries its shortQty). The one definition every service reads.
 */
export interface LineCount {
  lineNo: number;
  sku: string;
  shippedQty: number;
  deliveredQty: number;
}

/** Units missing on a delivered line (0 when in full). */
export const missingQty = (l: Pick<LineCount, 'shippedQty' | 'deliveredQty'>): number =>
  Math.max(0, l.shippedQty - l.deliveredQty);

/** The lines of a delivery that arrived short. */
export function shortLines<L extends Pick<LineCount, 'shippedQty' | 'deliveredQty'>>(
  lines: readonly L[],
): L[] {
  return lines.filter((l) => missingQty(l) > 0);
}
