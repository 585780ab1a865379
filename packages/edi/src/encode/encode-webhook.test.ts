import { describe, expect, it } from 'vitest';
import { mapWebhook } from '../webhooks/map-webhook.js';
import { loadWebhookProviders } from '../webhooks/schema.js';
import { applyToTracker, easypostEvent, type EasyPostTracker } from './encode-webhook.js';
import type { StatusEvent } from './status-codes.js';

const easypost = loadWebhookProviders().easypost!;
const base = {
  schemaVersion: 2,
  sourceSystem: 'carrier:purolator',
  refs: { trackingNumbers: ['PUR1'] },
};
const scan = (id: string, at: string, status: string, extra: Record<string, unknown> = {}) =>
  ({
    ...base,
    eventId: id,
    type: 'carrier.tracking.scanned',
    occurredAt: at,
    payload: { trackingNumber: 'PUR1', carrier: 'purolator', status, scannedAt: at, ...extra },
  }) as StatusEvent;
const events: StatusEvent[] = [
  scan('p-1', '2025-03-10T09:00:00.000Z', 'info_received'),
  scan('p-2', '2025-03-10T14:00:00.000Z', 'picked_up', {
    location: { city: 'Toronto', region: 'ON', country: 'CA' },
  }),
  {
    ...base,
    eventId: 'p-3',
    type: 'carrier.eta.updated',
    occurredAt: '2025-03-10T15:00:00.000Z',
    payload: { trackingNumber: 'PUR1', carrier: 'purolator', newEta: '2025-03-12T17:00:00.000Z' },
  } as StatusEvent,
  ...(
    ['weather', 'customs_hold', 'refused', 'address_problem', 'damaged', 'lost', 'delay'] as const
  ).map((reason, i) =>
    scan(`x-${i}`, `2025-03-11T0${i}:00:00.000Z`, 'exception', {
      exceptionReason: reason,
      description: `held: ${reason}`,
    }),
  ),
  scan('p-4', '2025-03-12T08:00:00.000Z', 'out_for_delivery'),
  scan('p-5', '2025-03-12T11:00:00.000Z', 'delivery_attempt_failed'),
  scan('p-6', '2025-03-12T12:00:00.000Z', 'available_for_pickup'),
  scan('p-7', '2025-03-12T16:00:00.000Z', 'delivered'),
];

describe('canonical carrier events as EasyPost tracker events', () => {
  it('map back to the same statuses, reasons, times and ETA, each call carrying the history so far', () => {
    let tracker: EasyPostTracker | undefined;
    const seen = new Map<string, Record<string, unknown>>();
    for (const e of events) {
      tracker = applyToTracker(easypost, tracker, e);
      const out = mapWebhook(
        easypost,
        JSON.parse(JSON.stringify(easypostEvent(tracker, e.eventId))),
      );
      if (!out.ok) throw new Error(JSON.stringify(out.issues));
      expect(out.sourceSystem).toBe('carrier:purolator');
      for (const { draft } of out.drafts)
        seen.set(draft.eventId, { type: draft.type, ...draft.payload });
    }
    const scans = [...seen.values()].filter((d) => d.type === 'carrier.tracking.scanned');
    expect(scans.map((d) => [d.status, d.exceptionReason, d.scannedAt])).toEqual(
      events
        .filter((e) => e.type === 'carrier.tracking.scanned')
        .map((e) => {
          const p = e.payload as { status: string; exceptionReason?: string; scannedAt: string };
          return [p.status, p.exceptionReason, p.scannedAt];
        }),
    );
    expect(scans[1]).toMatchObject({
      carrier: 'purolator',
      location: { city: 'Toronto', region: 'ON', country: 'CA' },
    });
    expect([...seen.values()].filter((d) => d.type === 'carrier.eta.updated')).toEqual([
      {
        type: 'carrier.eta.updated',
        trackingNumber: 'PUR1',
        carrier: 'purolator',
        newEta: '2025-03-12T17:00:00.000Z',
      },
    ]);
    expect(
      [...seen.values()].filter((d) => d.type === 'carrier.proof-of-delivery.recorded'),
    ).toHaveLength(1);
    expect(tracker?.tracking_details).toHaveLength(events.length - 1);
  });

  it('records a resent scan once in the tracker history', () => {
    const first = applyToTracker(easypost, undefined, events[0]!);
    expect(applyToTracker(easypost, first, events[0]!).tracking_details).toHaveLength(1);
  });
});
