import type { EventOfType } from '@forewarn/contracts';
import type { WebhookMapping } from '../mapping/tables.js';
import { codeFor, statusOf, type StatusEvent } from './status-codes.js';

/** Sets a dot path (`status.code`) in a JSON object, creating the objects on the way; skips empty values. */
export function put(
  target: Record<string, unknown>,
  path: string | undefined,
  value: unknown,
): void {
  if (path === undefined || value === undefined || value === '') return;
  const parts = path.split('.');
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    const next = (cur[part] ??= {}) as Record<string, unknown>;
    cur = next;
  }
  cur[parts[parts.length - 1]!] = value;
}

/** One carrier event in the carrier's own JSON shape, by the paths its mapping reads. */
export function webhookItem(mapping: WebhookMapping, e: StatusEvent): Record<string, unknown> {
  const f = mapping.fields;
  const { code, reason } = codeFor(
    mapping.codes,
    mapping.reasons,
    statusOf(e),
    `carrier-webhooks.json (${mapping.carrier})`,
  );
  const item: Record<string, unknown> = {};
  put(item, f.eventId, e.eventId);
  put(item, f.trackingNumber, e.payload.trackingNumber);
  put(item, f.code, code);
  put(item, f.reason, reason);
  put(item, f.occurredAt, e.occurredAt);
  put(item, f.poNumber, e.refs.poNumber);
  put(item, f.shipmentId, e.refs.shipmentId);
  if (e.type === 'carrier.eta.updated') {
    put(item, f.eta, e.payload.newEta);
    put(item, f.previousEta, e.payload.previousEta);
    put(item, f.description, e.payload.reason);
  } else {
    const scan: EventOfType<'carrier.tracking.scanned'>['payload'] = e.payload;
    put(item, f.description, scan.description);
    const loc = scan.location ?? {};
    put(item, f.city, loc.city);
    put(item, f.region, loc.region);
    put(item, f.postalCode, loc.postalCode);
    put(item, f.country, loc.country);
    put(item, f.facility, loc.facility);
  }
  return item;
}

/**
 * Carrier events → the bodies the carrier would POST to its webhook: one body with a list when
 * its mapping has an `events` path, else one body per event. The reverse of mapCarrierWebhook.
 */
export function encodeCarrierWebhook(
  mapping: WebhookMapping,
  events: readonly StatusEvent[],
): unknown[] {
  const items = events.map((e) => webhookItem(mapping, e));
  if (mapping.events === undefined) return items;
  const body: Record<string, unknown> = {};
  put(body, mapping.events, items);
  return [body];
}
