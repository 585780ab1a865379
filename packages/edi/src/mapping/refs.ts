import { el, type Segment } from '../x12/segment.js';

type Role = 'tracking' | 'bol' | 'pro' | 'po' | 'order' | 'shipment' | 'customer';

/**
 * What a reference qualifier (X12 element 128, in L11-02, REF-01, MAN-01) means to us. Bills of
 * lading, PRO numbers, air waybills and package ids all go to `refs.trackingNumbers`, so the
 * shipment service can match a status by any number the shipper knows the shipment by.
 */
export const REF_ROLES: Readonly<Record<string, Role>> = {
  BM: 'bol',
  BL: 'bol',
  CN: 'pro',
  PRO: 'pro',
  '2I': 'tracking',
  AW: 'tracking',
  CP: 'tracking',
  PO: 'po',
  OQ: 'order',
  CO: 'order',
  VN: 'order',
  SI: 'shipment',
  SID: 'shipment',
  '11': 'customer',
};

export interface Refs {
  poNumber?: string;
  orderId?: string;
  shipmentId?: string;
  customerId?: string;
  billOfLading?: string;
  proNumber?: string;
  trackingNumbers: string[];
}

/**
 * Qualifier and value pairs of a reference segment, wherever that segment keeps them. MAN has
 * two: MAN-01/02 and MAN-04/05, which retailers' 856 guides use to give a carton's SSCC-18 and
 * its small-parcel tracking number in one segment (`MAN*GM*<sscc>**CP*<tracking>`). B10 has one
 * in B10-05/06, which a 214 may send instead of B10-01 (the standard allows either, not both).
 */
export function referencePairs(seg: Segment): [string, string][] {
  const all: [string, string][] =
    seg.id === 'L11'
      ? [[el(seg, 2), el(seg, 1)]]
      : seg.id === 'REF'
        ? [[el(seg, 1), el(seg, 2)]]
        : seg.id === 'MAN'
          ? [
              [el(seg, 1), el(seg, 2)],
              [el(seg, 4), el(seg, 5)],
            ]
          : seg.id === 'B10'
            ? [[el(seg, 5), el(seg, 6)]]
            : [];
  return all
    .filter(([q, v]) => q !== '' && v !== '')
    .map(([q, v]) => [q.toUpperCase(), v] as [string, string]);
}

/** The first value under one of `qualifiers` (in that order of preference) in these segments. */
export function referenceOf(
  segments: readonly Segment[],
  qualifiers: readonly string[],
): string | undefined {
  const found = segments.flatMap(referencePairs);
  for (const q of qualifiers) {
    const hit = found.find(([qualifier]) => qualifier === q);
    if (hit) return hit[1];
  }
  return undefined;
}

/** The references of B10 (PRO/tracking, shipment id, B10-05/06) and of L11, REF and MAN segments. */
export function refsOf(segments: readonly Segment[]): Refs {
  const out: Refs = { trackingNumbers: [] };
  const track = (v: string) => {
    if (v && !out.trackingNumbers.includes(v)) out.trackingNumbers.push(v);
  };
  for (const seg of segments) {
    if (seg.id === 'B10') {
      track(el(seg, 1));
      if (el(seg, 2)) out.shipmentId ??= el(seg, 2);
    }
    for (const [qualifier, value] of referencePairs(seg)) {
      const role = REF_ROLES[qualifier];
      if (role === 'po') out.poNumber ??= value;
      else if (role === 'order') out.orderId ??= value;
      else if (role === 'shipment') out.shipmentId ??= value;
      else if (role === 'customer') out.customerId ??= value;
      else if (role === 'bol') {
        out.billOfLading ??= value;
        track(value);
      } else if (role === 'pro') {
        out.proNumber ??= value;
        track(value);
      } else if (role === 'tracking') track(value);
    }
  }
  return out;
}
