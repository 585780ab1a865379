import { readdirSync, readFileSync } from 'node:fs';
import { validateSourceEvent } from '../canonical/validate.js';
import { describe, expect, it } from 'vitest';
import { mapWebhook } from './map-webhook.js';
import { loadWebhookProviders } from './schema.js';

const providers = loadWebhookProviders();
const dir = new URL('../../corpus/webhooks/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const body = (file: string) => JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as unknown;
const providerOf = (file: string) => providers[file.split('-')[0]!]!;
const map = (file: string) => mapWebhook(providerOf(file), body(file));

/** [type, status or newEta, reason, time, carrier] of every mapped event, for compact expectations. */
function summary(file: string) {
  const out = map(file);
  if (!out.ok) throw new Error(JSON.stringify(out.issues));
  return out.drafts.map(({ draft: d }) => {
    const p = d.payload as Record<string, string>;
    return [
      d.type.split('.')[1],
      p.status ?? p.newEta ?? p.signedBy ?? '',
      p.exceptionReason ?? '',
      d.occurredAt,
      p.carrier,
    ];
  });
}

describe('the webhook corpus (payloads written from the providers’ public documentation)', () => {
  it('holds at least three payloads per provider', () => {
    for (const name of ['easypost', 'shippo', 'aftership', 'karrio']) {
      expect(files.filter((f) => f.startsWith(`${name}-`)).length, name).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(files)('%s maps, and every event it gives passes the contract', (file) => {
    const out = map(file);
    expect(out.ok, JSON.stringify(out)).toBe(true);
    if (!out.ok) return;
    for (const { draft } of out.drafts) {
      const check = validateSourceEvent(draft);
      expect(check.ok, `${draft.eventId}: ${JSON.stringify(check)}`).toBe(true);
      expect(draft.sourceSystem).toBe(`carrier:${String(draft.payload.carrier)}`);
    }
  });

  it('EasyPost: a sub-status refines the status, the estimate is an ETA update', () => {
    expect(summary('easypost-in-transit-two-details.json')).toEqual([
      ['tracking', 'info_received', '', '2025-03-03T17:58:00Z', 'ups'],
      ['tracking', 'picked_up', '', '2025-03-04T02:14:00Z', 'ups'],
      ['tracking', 'in_transit', '', '2025-03-04T15:05:00Z', 'ups'],
      ['eta', '2025-03-07T00:00:00Z', '', '2025-03-04T15:22:09Z', 'ups'],
    ]);
    expect(summary('easypost-delivered-signed.json')).toEqual([
      ['tracking', 'out_for_delivery', '', '2025-03-07T13:02:00-05:00', 'fedex'],
      ['tracking', 'delivered', '', '2025-03-07T14:38:00-05:00', 'fedex'],
      ['proof-of-delivery', 'M.OKAFOR', '', '2025-03-07T14:38:00-05:00', 'fedex'],
    ]);
    // weather_delay is an exception with its reason; `unknown` says nothing and maps to nothing.
    expect(summary('easypost-weather-exception-no-location.json')).toEqual([
      ['tracking', 'exception', 'weather', '2025-01-21T09:00:00Z', 'usps'],
      ['eta', '2025-01-24T20:00:00Z', '', '2025-01-21T09:09:58Z', 'usps'],
    ]);
  });

  it('EasyPost: an event that is not about a tracker is acknowledged and ignored', () => {
    const out = map('easypost-batch-event-ignored.json');
    expect(out).toMatchObject({ ok: true, drafts: [] });
    expect(out.ok && out.ignored).toMatch(/batch.updated/);
  });

  it('Shippo: sub-statuses mean picked up, a failed attempt, a lost parcel; naive test-mode times read as UTC', () => {
    expect(summary('shippo-transit-history.json')).toEqual([
      ['tracking', 'info_received', '', '2025-07-21T15:33:00Z', 'usps'],
      ['tracking', 'picked_up', '', '2025-07-21T19:02:00Z', 'usps'],
      ['tracking', 'in_transit', '', '2025-07-22T09:10:00Z', 'usps'],
      ['eta', '2025-07-24T00:00:00Z', '', '2025-07-22T14:36:50.943Z', 'usps'],
    ]);
    expect(summary('shippo-attempt-then-delivered.json').map((r) => r.slice(0, 3))).toEqual([
      ['tracking', 'delivery_attempt_failed', ''],
      ['tracking', 'delivered', ''],
      ['proof-of-delivery', '', ''],
    ]);
    // A history that has not caught up: the current status is a checkpoint too.
    expect(summary('shippo-empty-history-current-status.json')).toEqual([
      ['tracking', 'out_for_delivery', '', '2025-10-03T08:12:00-04:00', 'fedex'],
    ]);
    // tracking_status repeats the last history entry: it maps once.
    expect(summary('shippo-failure-lost.json')).toEqual([
      ['tracking', 'exception', 'lost', '2025-02-11T07:45:00Z', 'dhl'],
    ]);
    // Shippo's test data stamps tracking_status 3 ms apart from the same history entry: two scans.
    expect(summary('shippo-test-mode-naive-times.json')).toEqual([
      ['tracking', 'in_transit', '', '2025-07-29T16:44:42.589+00:00', 'shippo'],
      ['tracking', 'in_transit', '', '2025-07-29T16:44:42.586+00:00', 'shippo'],
      ['eta', '2025-08-02T18:49:42.566+00:00', '', '2025-07-30T18:49:42.586+00:00', 'shippo'],
    ]);
  });

  it('AfterShip: subtags give the exception reason, alpha-3 countries become alpha-2, Pending maps to nothing', () => {
    expect(summary('aftership-exception-refused.json')).toEqual([
      ['tracking', 'exception', 'refused', '2025-06-02T14:11:00-04:00', 'purolator'],
    ]);
    expect(summary('aftership-delivered-signed-multi.json').map((r) => r.slice(0, 2))).toEqual([
      ['tracking', 'out_for_delivery'],
      ['tracking', 'delivered'],
      ['proof-of-delivery', 'SCHMIDT'],
    ]);
    const out = map('aftership-in-transit-naive-checkpoints.json');
    expect(out.ok && out.drafts[0]?.draft.payload).toMatchObject({
      status: 'picked_up',
      location: { city: 'Memphis', region: 'TN', postalCode: '38118', country: 'US' },
    });
  });

  it('AfterShip 2026-01: checkpoint.zip renamed postal_code, country_region only, Exception_017 is weather', () => {
    const out = map('aftership-2026-01-postal-code-weather.json');
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    expect(out.drafts.map((d) => d.draft.payload)).toMatchObject([
      {
        status: 'in_transit',
        location: { city: 'DENVER', region: 'CO', postalCode: '80266', country: 'US' },
      },
      {
        status: 'exception',
        exceptionReason: 'weather',
        carrierStatusCode: 'Exception/Exception_017',
        location: { postalCode: '80266' },
      },
    ]);
  });

  it('AfterShip edd_revise: an estimated-delivery revision is an ETA update (a range gives its latest day)', () => {
    expect(summary('aftership-edd-revise-range.json')).toEqual([
      ['tracking', 'in_transit', '', '2025-11-17T01:55:00-06:00', 'fedex'],
      ['eta', '2025-11-21T00:00:00+00:00', '', '2025-11-17T09:00:00Z', 'fedex'],
    ]);
  });

  it('AfterShip: a 128-character tracking id (API 2025-04) still gives ids the contract takes', () => {
    const out = map('aftership-long-tracking-id-pickup.json');
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    const ids = out.drafts.map((d) => d.draft.eventId);
    expect(out.drafts.map((d) => d.draft.payload.status)).toEqual([
      'out_for_delivery',
      'available_for_pickup',
    ]);
    // The first fits as it is; the second outgrows 200 characters and ends in a digest.
    expect(ids[0]).toMatch(/^aftership:a7c9.*:OutForDelivery:OutForDelivery_001$/);
    expect(ids[1]).toHaveLength(200);
    expect(ids[1]).toMatch(/^aftership:a7c9.*~[0-9a-f]{32}$/);
  });

  it('Karrio: date and time fields are joined, a missing time is midnight, the reason refines the exception', () => {
    expect(summary('karrio-in-transit-date-time.json')).toEqual([
      ['tracking', 'in_transit', '', '2025-03-06T10:42:00+00:00', 'canadapost'],
      ['tracking', 'picked_up', '', '2025-03-05T17:15:00+00:00', 'canadapost'],
      ['eta', '2025-03-10T00:00:00+00:00', '', '2025-03-06T16:05:00Z', 'canadapost'],
    ]);
    expect(summary('karrio-delayed-reason-no-time.json')).toEqual([
      ['tracking', 'exception', 'weather', '2025-12-02T00:00:00+00:00', 'dhl'],
      ['tracking', 'in_transit', '', '2025-12-01T20:10:00+00:00', 'dhl'],
    ]);
    expect(summary('karrio-delivered-signed.json').map((r) => r.slice(0, 2))).toEqual([
      ['tracking', 'delivered'],
      ['proof-of-delivery', 'R PATEL'],
    ]);
  });

  it('gives distinct checkpoints distinct ids, and the same body the same ids (a resend dedupes)', () => {
    for (const file of files) {
      const a = map(file);
      const b = map(file);
      if (!a.ok || !b.ok) throw new Error(file);
      const ids = a.drafts.map((d) => d.draft.eventId);
      expect(new Set(ids).size, file).toBe(ids.length);
      expect(b.drafts.map((d) => d.draft.eventId)).toEqual(ids);
    }
  });
});
