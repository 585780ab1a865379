/**
 * Public tracking pages of the carriers we see most, as data: `{tn}` is the tracking number.
 * A carrier missing here gets no link (the notice quotes the number instead); adding one is a
 * line. Carrier codes are the ones the intake normalises to (lowercase SCAC-like names).
 */
export const TRACKING_PAGES: ReadonlyMap<string, string> = new Map([
  ['ups', 'https://www.ups.com/track?tracknum={tn}'],
  ['fedex', 'https://www.fedex.com/fedextrack/?trknbr={tn}'],
  ['usps', 'https://tools.usps.com/go/TrackConfirmAction?tLabels={tn}'],
  ['dhl', 'https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={tn}'],
  ['purolator', 'https://www.purolator.com/en/shipping/tracker?pin={tn}'],
  ['canadapost', 'https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={tn}'],
  ['ontrac', 'https://www.ontrac.com/tracking/?number={tn}'],
  ['lasership', 'https://www.lasership.com/track/{tn}'],
]);

/** The carrier's public page for one tracking number, or null when we know none. */
export function trackingUrl(carrier: string, trackingNumber: string | undefined): string | null {
  const page = TRACKING_PAGES.get(carrier.toLowerCase());
  if (!page || !trackingNumber) return null;
  return page.replace('{tn}', encodeURIComponent(trackingNumber));
}
