import type { SourceEvent } from '@forewarn/contracts';
import {
  applyToTracker,
  easypostEvent,
  type EasyPostTracker,
  type StatusEvent,
  type WebhookProvider,
} from '@forewarn/edi';
import { standIn, type DoorRequest } from './door-payloads.js';
import type { OutgoingSimMessage } from './messages.js';

/** The aggregator the webhook carrier's tracking is relayed by, and its door. */
export const WEBHOOK_PROVIDER = 'easypost';
export const WEBHOOK_PATH = `/v1/webhooks/${WEBHOOK_PROVIDER}`;
/** Where ingestion looks for the aggregator's secret (SOURCE_HMAC_SECRETS). */
export const WEBHOOK_CREDENTIAL = `webhook:${WEBHOOK_PROVIDER}`;

const STATUS_TYPES = new Set(['carrier.tracking.scanned', 'carrier.eta.updated']);
const statusOf = (m: OutgoingSimMessage): StatusEvent => {
  const e = m.event as SourceEvent | undefined;
  if (!e || !STATUS_TYPES.has(e.type))
    throw new Error(`${m.eventType} cannot go through a carrier door`);
  return e as StatusEvent;
};

/**
 * The carrier's tracking as EasyPost posts it: one `tracker.updated` Event per status, its
 * Tracker carrying the parcel's whole history so far (`trackers` keeps it between calls, as
 * EasyPost does), so every call repeats earlier checkpoints and the edge must answer those as
 * duplicates. Each malformed message is a call of its own on a fresh tracker: cut-off JSON, a
 * checkpoint time that is not one, or a status EasyPost does not have.
 */
export function webhookRequests(
  messages: readonly OutgoingSimMessage[],
  provider: WebhookProvider,
  trackers: Map<string, EasyPostTracker>,
  carrier: string,
): DoorRequest[] {
  const out: DoorRequest[] = [];
  for (const m of messages.filter((x) => !x.malformed)) {
    const e = statusOf(m);
    const key = `${e.payload.carrier}/${e.payload.trackingNumber}`;
    const tracker = applyToTracker(provider, trackers.get(key), e);
    trackers.set(key, tracker);
    out.push({
      body: JSON.stringify(easypostEvent(tracker, e.eventId)),
      messages: 1,
      malformed: false,
      sentAt: m.emitAt,
    });
  }
  for (const m of messages.filter((x) => x.malformed)) {
    const tracker = applyToTracker(provider, undefined, standIn(m, carrier));
    const detail = tracker.tracking_details[0]!;
    if (m.defect === 'invalid_values') detail.datetime = 'yesterday afternoon';
    if (m.defect === 'unknown_schema_id') detail.status = 'ZZ';
    const text = JSON.stringify(easypostEvent(tracker, `malformed-${m.key}-${m.emitAt}`));
    const body = m.defect === 'bad_json' ? text.slice(0, Math.floor(text.length / 2)) : text;
    out.push({ body, messages: 1, malformed: true, sentAt: m.emitAt });
  }
  return out;
}
