import type { CaseType, GroundTruthEntry } from './ground-truth.js';
import type { Language } from './master-data.js';
import type { OrderOutcome } from './order-story.js';
import type { Rng } from './prng.js';
import { HOUR, iso } from './time.js';

/** One of the twelve request types of a carrier's service centre (named as case types). */
export type RequestType = keyof typeof MESSAGE;

/** A customer contacting us: one API call for the demo to make at `at` (sim time). */
export interface CustomerRequest {
  requestId: string;
  at: string;
  type: RequestType;
  customerId: string;
  contactId: string;
  language: Language;
  orderId?: string;
  poNumber?: string;
  trackingNumber?: string;
  message: string;
  /** The ground-truth exception it is about, when it is about one. */
  relatesTo?: string;
  /** True when the customer asks before the problem is detectable (we could not have told them). */
  beforeDetectable?: boolean;
}

const ABOUT: Partial<Record<string, RequestType>> = {
  late_shipment_risk: 'delivery_date_time',
  short_pick_backorder: 'delivery_date_time',
  carrier_delay: 'delivery_date_time',
  stalled_shipment: 'track_parcel',
  damaged: 'damaged_parcel',
  lost: 'parcel_not_received',
  address_problem: 'reschedule_delivery',
  refused: 'reschedule_delivery',
  delivery_attempt_failed: 'second_delivery_attempt',
  customs_hold: 'held_in_customs',
  delivered_late_or_short: 'file_claim',
  invoice_discrepancy: 'file_claim',
  returns_overdue: 'file_claim',
};

const UNPROMPTED: readonly RequestType[] = [
  'track_parcel',
  'lost_tracking_number',
  'delivery_date_time',
  'reschedule_delivery',
  'locate_pickup_point',
  'collect_order',
];

const MESSAGE = {
  track_parcel: { en: 'Where is my shipment?', fr: 'Où en est mon envoi ?' },
  lost_tracking_number: {
    en: 'I lost the tracking number for my PO.',
    fr: "J'ai perdu le numéro de suivi de ma commande.",
  },
  parcel_not_received: {
    en: 'We never received the parcel.',
    fr: "Nous n'avons jamais reçu le colis.",
  },
  reschedule_delivery: {
    en: 'Please reschedule the delivery.',
    fr: 'Merci de reprogrammer la livraison.',
  },
  delivery_date_time: {
    en: 'When will the order arrive?',
    fr: 'Quand la commande arrivera-t-elle ?',
  },
  damaged_parcel: { en: 'The parcel was damaged.', fr: 'Le colis est endommagé.' },
  second_delivery_attempt: { en: 'Please try delivering again.', fr: 'Merci de relivrer.' },
  locate_pickup_point: {
    en: 'Where can I pick up the parcel?',
    fr: 'Où puis-je récupérer le colis ?',
  },
  international_shipment: {
    en: 'Question about an international shipment.',
    fr: 'Question sur un envoi international.',
  },
  held_in_customs: {
    en: 'Our parcel is held in customs.',
    fr: 'Notre colis est bloqué en douane.',
  },
  collect_order: {
    en: 'Can we collect the order at your warehouse?',
    fr: "Pouvons-nous récupérer la commande à l'entrepôt ?",
  },
  file_claim: { en: 'We want to file a claim.', fr: 'Nous souhaitons déposer une réclamation.' },
} satisfies Partial<Record<CaseType, Record<Language, string>>>;

export function customerRequests(
  rng: Rng,
  orders: readonly OrderOutcome[],
  truth: readonly GroundTruthEntry[],
  opts: { count: number; aboutKnownShare: number; windowEnd: number; tag: string },
): CustomerRequest[] {
  const byOrder = new Map(orders.map((o) => [o.orderId, o]));
  const known = rng.shuffle(
    truth.filter((t) => t.orderId && (ABOUT[t.variant] ?? ABOUT[t.exceptionType])),
  );
  const shipped = orders.filter(
    (o) => o.shippedAt !== undefined && o.deliveredAt !== undefined && o.findings.length === 0,
  );
  const nKnown = Math.min(known.length, Math.round(opts.count * opts.aboutKnownShare));
  const out: Omit<CustomerRequest, 'requestId'>[] = [];
  const base = (o: OrderOutcome, type: RequestType, at: number) => {
    const contact = o.customer.contacts[0];
    const language = contact?.language ?? 'en';
    return {
      at: iso(at),
      type,
      customerId: o.customer.customerId,
      contactId: contact?.contactId ?? o.customer.customerId,
      language,
      ...(type === 'lost_tracking_number' ? {} : { orderId: o.orderId }),
      poNumber: o.poNumber,
      ...(o.trackingNumbers[0] && type !== 'lost_tracking_number'
        ? { trackingNumber: o.trackingNumbers[0] }
        : {}),
      message: MESSAGE[type][language],
    };
  };
  for (const t of known.slice(0, nKnown)) {
    const o = byOrder.get(t.orderId as string) as OrderOutcome;
    const detectable = Date.parse(t.detectableBy);
    const at = Math.max(o.createdAt + HOUR, detectable + rng.between(-4 * HOUR, 12 * HOUR));
    if (at > opts.windowEnd) continue;
    const type = (ABOUT[t.variant] ?? ABOUT[t.exceptionType]) as RequestType;
    out.push({ ...base(o, type, at), relatesTo: t.id, beforeDetectable: at < detectable });
  }
  for (let i = 0; i < opts.count - nKnown && shipped.length > 0; i++) {
    const o = rng.pick(shipped);
    const type =
      o.customer.international && rng.chance(0.3) ? 'international_shipment' : rng.pick(UNPROMPTED);
    const at =
      (o.shippedAt as number) +
      rng.between(HOUR, Math.max(2 * HOUR, (o.deliveredAt as number) - (o.shippedAt as number)));
    if (at <= opts.windowEnd) out.push(base(o, type, at));
  }
  return out
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((r, i) => ({ requestId: `REQ-${opts.tag}${String(i + 1).padStart(5, '0')}`, ...r }));
}
