import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapWebhook } from './map-webhook.js';
import { compileProviders } from './schema.js';

const shipped = JSON.parse(
  readFileSync(new URL('../../data/carrier-webhooks.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, unknown>>;
const corpus = (file: string) =>
  JSON.parse(
    readFileSync(new URL(`../../corpus/webhooks/${file}`, import.meta.url), 'utf8'),
  ) as unknown;
/** Sets (or, with no value, deletes) what a path points at in a parsed body. */
function edit(body: unknown, path: (string | number)[], ...value: unknown[]): unknown {
  let cur = body as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) cur = cur[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value.length === 0) delete cur[last];
  else cur[last] = value[0];
  return body;
}
const providers = compileProviders(shipped);

describe('mapping a provider webhook through its data row', () => {
  it('reads times without an offset in the zone configured for the source', () => {
    const chicago = compileProviders({
      aftership: { ...shipped.aftership, timeZone: 'America/Chicago' },
    });
    const out = mapWebhook(
      chicago.aftership!,
      corpus('aftership-in-transit-naive-checkpoints.json'),
    );
    expect(out.ok && out.drafts.map((d) => d.draft.occurredAt)).toEqual([
      '2025-04-15T05:58:00-05:00',
      '2025-04-15T21:04:00-05:00',
      '2025-04-16T02:10:12Z',
    ]);
    // The ETA date is read in the zone too; its report time is AfterShip's unix ts.
    expect(out.ok && out.drafts[2]?.draft).toMatchObject({
      type: 'carrier.eta.updated',
      occurredAt: '2025-04-16T02:10:12Z',
      payload: { newEta: '2025-04-18T00:00:00-05:00', trackingNumber: '1Z0X118A0324011023' },
    });
  });

  it('reads a field renamed across API versions: AfterShip latest_estimated_delivery, else expected_delivery', () => {
    const body = corpus('aftership-in-transit-naive-checkpoints.json');
    edit(body, ['msg', 'expected_delivery']);
    edit(body, ['msg', 'latest_estimated_delivery'], {
      type: 'specific',
      source: 'Carrier EDD',
      datetime: '2025-04-18T17:00:00-05:00',
    });
    const out = mapWebhook(providers.aftership!, body);
    expect(out.ok && out.drafts.at(-1)?.draft).toMatchObject({
      eventId: 'aftership:5b7658cec7c33c0e007de3c5:eta:2025-04-18T17:00:00-05:00',
      payload: { newEta: '2025-04-18T17:00:00-05:00' },
    });
  });

  it('refuses an unknown status, naming where it is in the body, and maps nothing of that body', () => {
    const body = edit(
      corpus('easypost-in-transit-two-details.json'),
      ['result', 'tracking_details', 1, 'status'],
      'teleported',
    );
    expect(mapWebhook(providers.easypost!, body)).toEqual({
      ok: false,
      issues: [
        {
          path: ['result', 'tracking_details', 1, 'status'],
          code: 'unknown_code',
          message: 'unknown easypost status "teleported": add it to carrier-webhooks.json',
        },
      ],
    });
  });

  it('refuses a time that is not one and a missing tracking number, each with its path', () => {
    const body = corpus('shippo-attempt-then-delivered.json');
    edit(body, ['data', 'tracking_history', 0, 'status_date'], 'yesterday afternoon');
    edit(body, ['data', 'tracking_number']);
    const out = mapWebhook(providers.shippo!, body);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues.map((i) => [i.path.join('/'), i.code])).toEqual([
      ['data/tracking_number', 'required'],
      ['data/tracking_history/0/status_date', 'invalid_time'],
    ]);
    expect(
      out.issues.some(
        (i) => i.code === 'invalid_time' && i.message.includes('yesterday afternoon'),
      ),
    ).toBe(true);
  });

  it('a checkpoint reads its parent tracker: carrier and tracking number come from the tracker', () => {
    const body = corpus('karrio-delivered-signed.json');
    const out = mapWebhook(providers.karrio!, body);
    expect(out.ok && out.drafts[0]?.draft).toMatchObject({
      eventId: 'karrio:ups:1Z12345E0205271688:2025-08-14:15:47:KB',
      sourceSystem: 'carrier:ups',
      payload: {
        trackingNumber: '1Z12345E0205271688',
        carrier: 'ups',
        carrierStatusCode: 'delivered',
      },
    });
  });

  it('refuses a body that is not the provider’s at all, and a list that is not a list', () => {
    expect(mapWebhook(providers.aftership!, [1, 2])).toMatchObject({
      ok: false,
      issues: [{ code: 'invalid_type' }],
    });
    expect(mapWebhook(providers.aftership!, { hello: 'world' })).toMatchObject({
      ok: false,
      issues: [{ path: ['event'], code: 'required' }],
    });
    const body = edit(corpus('aftership-exception-refused.json'), ['msg', 'checkpoints'], 'none');
    expect(mapWebhook(providers.aftership!, body)).toMatchObject({
      ok: false,
      issues: [{ path: ['msg', 'checkpoints'], code: 'invalid_type' }],
    });
  });

  it('fails at load, naming the provider, for a template that reads an unknown scope, transform or table', () => {
    const bad = (patch: Record<string, unknown>) => () =>
      compileProviders({ karrio: { ...shipped.karrio, ...patch } });
    expect(bad({ carrier: '{parcel.carrier}' })).toThrow(
      /karrio: "\{parcel.carrier\}" reads scope "parcel"/,
    );
    expect(bad({ carrier: '{tracker.carrier_name|shout}' })).toThrow(/unknown transform "shout"/);
    expect(bad({ carrier: '{tracker.carrier_name|lookup:nope}' })).toThrow(/table "nope"/);
    expect(bad({ timeZone: 'Mars/Olympus' })).toThrow(/karrio.timeZone: not an IANA time zone/);
    expect(bad({ signature: ['rot13'] })).toThrow(/karrio.signature/);
  });
});
