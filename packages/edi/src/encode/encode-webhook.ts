import { createHash } from 'node:crypto';
import type { EventOfType } from '@forewarn/contracts';
import type { WebhookProvider } from '../webhooks/schema.js';
import { codeFor, statusOf, type StatusEvent } from './status-codes.js';

/**
 * The reverse of the EasyPost mapping, for simulators and partner test kits: canonical carrier
 * events become the Event bodies EasyPost posts (`tracker.updated`, the Tracker with its whole
 * `tracking_details` history), with statuses and sub-statuses read from the same data row the
 * mapping reads, so what is written maps back to the same statuses.
 */

export interface EasyPostDetail {
  object: 'TrackingDetail';
  message: string;
  status: string;
  status_detail: string | null;
  datetime: string;
  source: string;
  tracking_location: {
    object: 'TrackingLocation';
    city?: string;
    state?: string;
    zip?: string;
    country?: string;
  };
}

export interface EasyPostTracker {
  id: string;
  object: 'Tracker';
  mode: 'production';
  tracking_code: string;
  carrier: string;
  status: string;
  status_detail: string | null;
  signed_by: string | null;
  est_delivery_date: string | null;
  created_at: string;
  updated_at: string;
  tracking_details: EasyPostDetail[];
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** EasyPost's carrier name for our carrier code: the mapping's carrier table read backwards. */
function carrierName(p: WebhookProvider, carrier: string): string {
  const named = Object.entries(p.row.tables.carriers ?? {}).find(([, code]) => code === carrier);
  return (named?.[0] ?? carrier).toUpperCase();
}

/** One scan as a TrackingDetail: the first status (and sub-status) row stating its status. */
export function easypostDetail(
  p: WebhookProvider,
  e: EventOfType<'carrier.tracking.scanned'>,
): EasyPostDetail {
  const { code, reason } = codeFor(
    p.row.codes,
    p.row.reasons,
    statusOf(e),
    `carrier-webhooks.json (${p.name})`,
  );
  const [status = code, detail] = code.split('/');
  const loc = e.payload.location ?? {};
  return {
    object: 'TrackingDetail',
    message: e.payload.description ?? '',
    status,
    status_detail: detail ?? reason ?? null,
    datetime: e.payload.scannedAt,
    source: carrierName(p, e.payload.carrier),
    tracking_location: {
      object: 'TrackingLocation',
      ...(loc.city ? { city: loc.city } : {}),
      ...(loc.region ? { state: loc.region } : {}),
      ...(loc.postalCode ? { zip: loc.postalCode } : {}),
      ...(loc.country ? { country: loc.country } : {}),
    },
  };
}

const sameDetail = (a: EasyPostDetail, b: EasyPostDetail) =>
  a.datetime === b.datetime && a.status === b.status && a.status_detail === b.status_detail;

/**
 * The tracker after one more carrier event: a scan is appended to its history (once: a resent
 * scan is not recorded twice) and becomes its current status; an ETA sets `est_delivery_date`.
 */
export function applyToTracker(
  p: WebhookProvider,
  tracker: EasyPostTracker | undefined,
  e: StatusEvent,
): EasyPostTracker {
  const t: EasyPostTracker = tracker
    ? { ...tracker, tracking_details: [...tracker.tracking_details] }
    : {
        id: `trk_${digest(`${e.payload.carrier}/${e.payload.trackingNumber}`)}`,
        object: 'Tracker',
        mode: 'production',
        tracking_code: e.payload.trackingNumber,
        carrier: carrierName(p, e.payload.carrier),
        status: 'unknown',
        status_detail: null,
        signed_by: null,
        est_delivery_date: null,
        created_at: e.occurredAt,
        updated_at: e.occurredAt,
        tracking_details: [],
      };
  t.updated_at = e.occurredAt;
  if (e.type === 'carrier.eta.updated') {
    t.est_delivery_date = e.payload.newEta;
    return t;
  }
  const detail = easypostDetail(p, e);
  if (!t.tracking_details.some((d) => sameDetail(d, detail))) t.tracking_details.push(detail);
  t.status = detail.status;
  t.status_detail = detail.status_detail;
  return t;
}

/** The Event EasyPost posts for a tracker change; its id is derived from what caused it. */
export function easypostEvent(tracker: EasyPostTracker, cause: string) {
  return {
    id: `evt_${digest(cause)}`,
    object: 'Event',
    mode: 'production',
    description: 'tracker.updated',
    previous_attributes: {},
    created_at: tracker.updated_at,
    updated_at: tracker.updated_at,
    status: 'pending',
    result: tracker,
  };
}
