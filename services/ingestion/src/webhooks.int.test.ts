import { readFileSync } from 'node:fs';
import { TOPIC } from '@forewarn/contracts';
import {
  aftershipSignature,
  DEFAULT_WEBHOOK_DIR,
  easypostSignature,
  karrioSignature,
  shippoSignature,
} from '@forewarn/edi';
import { eventually } from '@forewarn/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/harness.js';

const SECRETS = {
  easypost: 'easypost-secret-0123456789',
  shippo: 'shippo-secret-0123456789ab',
  aftership: 'aftership-secret-01234567',
  karrio: 'karrio-secret-0123456789ab',
};
type Provider = keyof typeof SECRETS;
const corpus = (file: string) =>
  readFileSync(new URL(`../corpus/webhooks/${file}`, `file://${DEFAULT_WEBHOOK_DIR}`), 'utf8');

/** The headers (and query) each provider sends with a body, signed with its secret. */
function signed(provider: Provider, body: string, secret: string = SECRETS[provider]) {
  const json = { 'content-type': 'application/json' };
  switch (provider) {
    case 'easypost':
      return {
        path: '/v1/webhooks/easypost',
        headers: { ...json, 'x-hmac-signature': easypostSignature(secret, body) },
      };
    case 'aftership':
      return {
        path: '/v1/webhooks/aftership',
        headers: { ...json, 'aftership-hmac-sha256': aftershipSignature(secret, body) },
      };
    case 'karrio':
      return {
        path: '/v1/webhooks/karrio',
        headers: { ...json, 'x-karrio-signature': karrioSignature(secret, body) },
      };
    case 'shippo': {
      const t = Math.floor(Date.now() / 1000);
      return {
        path: '/v1/webhooks/shippo',
        headers: { ...json, 'shippo-auth-signature': shippoSignature(secret, body, t) },
      };
    }
  }
}

let h: Harness;
const send = (provider: Provider, body: string, secret?: string) => {
  const { path, headers } = signed(provider, body, secret);
  return h.post(path, body, headers);
};
const acceptedIds = (json: Record<string, unknown>) =>
  (json.accepted as { eventId: string }[]).map((a) => a.eventId);

beforeAll(async () => {
  h = await startHarness('ingestion-webhooks', {
    SOURCE_HMAC_SECRETS: JSON.stringify(
      Object.fromEntries(Object.entries(SECRETS).map(([p, s]) => [`webhook:${p}`, s])),
    ),
  });
});
afterAll(async () => {
  await h?.stop();
});

const published: string[] = [];

describe('POST /v1/webhooks/:provider on the real service, broker and database', () => {
  it.each([
    ['easypost', 'easypost-in-transit-two-details.json', 4],
    ['shippo', 'shippo-attempt-then-delivered.json', 3],
    ['aftership', 'aftership-exception-refused.json', 1],
    // An estimate revision (event edd_revise) is an ETA update, not an ignored kind.
    ['aftership', 'aftership-edd-revise-range.json', 2],
    // A 128-character tracking id: ids bounded to the contract's 200 characters, not a 400.
    ['aftership', 'aftership-long-tracking-id-pickup.json', 2],
    ['karrio', 'karrio-in-transit-date-time.json', 3],
  ] as const)('takes a %s payload signed by its own scheme', async (provider, file, events) => {
    const body = corpus(file);
    const res = await send(provider, body);
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json.accepted).toHaveLength(events);
    published.push(...acceptedIds(res.json));
    // The provider resends the same body (its retry, or the whole history again): duplicates only.
    const again = await send(provider, body);
    expect(again.json).toMatchObject({ accepted: [] });
    expect(again.json.duplicates).toHaveLength(events);
  });

  it('refuses a bad, missing or foreign signature with 401, before reading the body', async () => {
    const body = corpus('karrio-delivered-signed.json');
    for (const provider of Object.keys(SECRETS) as Provider[]) {
      const res = await send(provider, body, 'not-the-secret-0123456789');
      expect(res.status, provider).toBe(401);
      expect(res.json).toMatchObject({ code: 'SIGNATURE_INVALID' });
    }
    const unsigned = await h.post('/v1/webhooks/easypost', body);
    expect(unsigned.json).toMatchObject({ status: 401, detail: 'X-Hmac-Signature is missing' });
    // A body signed for one provider is not taken by another's door.
    const { headers } = signed('karrio', body);
    expect((await h.post('/v1/webhooks/aftership', body, headers)).status).toBe(401);
    // Signed, then altered on the way: refused.
    const { headers: h2 } = signed('karrio', body);
    expect((await h.post('/v1/webhooks/karrio', body.replace('R PATEL', 'X'), h2)).status).toBe(
      401,
    );
  });

  it('takes Shippo’s self-generated URL token as well as its HMAC', async () => {
    const body = corpus('shippo-failure-lost.json');
    const res = await h.post(`/v1/webhooks/shippo?token=${SECRETS.shippo}`, body);
    expect(res.status).toBe(202);
    published.push(...acceptedIds(res.json));
    expect((await h.post('/v1/webhooks/shippo?token=guess-guess-guess', body)).status).toBe(401);
  });

  it('refuses an unmapped status with 400 naming where it is in the provider’s body; 404 for an unknown provider', async () => {
    const parsed = JSON.parse(corpus('easypost-delivered-signed.json')) as {
      result: { tracking_details: { status: string }[] };
    };
    parsed.result.tracking_details[0]!.status = 'teleported';
    const body = JSON.stringify(parsed);
    const res = await send('easypost', body);
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual([
      {
        location: 'body',
        path: '/result/tracking_details/0/status',
        code: 'unknown_code',
        message: 'unknown easypost status "teleported": add it to carrier-webhooks.json',
      },
    ]);
    const notJson = await send('easypost', '{"id": "evt_1", "object": ');
    expect(notJson.json).toMatchObject({ status: 400, issues: [{ code: 'invalid_json' }] });
    expect((await h.post('/v1/webhooks/pigeon', '{}')).json).toMatchObject({
      status: 404,
      code: 'PROVIDER_UNKNOWN',
    });
  });

  it('acknowledges an event kind it does not map (202) without publishing anything', async () => {
    const res = await send('easypost', corpus('easypost-batch-event-ignored.json'));
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: [], duplicates: [] });
  });

  it('answers mutated, correctly signed payloads with 202 or a located 400, never a 5xx (property)', async () => {
    const bodies = [
      ['easypost', corpus('easypost-delivered-signed.json')],
      ['shippo', corpus('shippo-transit-history.json')],
      ['aftership', corpus('aftership-delivered-signed-multi.json')],
      ['karrio', corpus('karrio-delayed-reason-no-time.json')],
    ] as const;
    const tokens = ['null', '""', '"ZZ"', '"2025-02-30T10:00:00"', '{}', '[]', '12', 'true'];
    await fc.assert(
      fc.asyncProperty(
        fc.nat(bodies.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...tokens)), { minLength: 1, maxLength: 3 }),
        async (which, edits) => {
          const [provider, original] = bodies[which]!;
          // Replace JSON values (strings, numbers, null) at random places with odd ones.
          const values = [...original.matchAll(/: ("[^"]*"|-?\d+(?:\.\d+)?|null|true|false)/g)];
          let body = original;
          for (const [n, token] of edits) {
            const m = values[n % values.length]!;
            body = body.slice(0, m.index) + body.slice(m.index).replace(m[0], `: ${token}`);
          }
          const res = await send(provider, body);
          expect([202, 400], JSON.stringify(res.json)).toContain(res.status);
          if (res.status === 400) {
            const issues = res.json.issues as { path: string; message: string }[];
            expect(issues.length).toBeGreaterThan(0);
            for (const i of issues) expect(i.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 40, seed: 4 },
    );
  }, 120_000);

  it('lands each accepted event on the carrier source topic exactly once', async () => {
    const on = await eventually(
      async () => {
        const ids = await h.eventIdsOn(TOPIC.carrierTracking);
        return published.every((id) => ids.includes(id)) ? ids : undefined;
      },
      { timeoutMs: 20_000, what: 'webhook events on the carrier topic' },
    );
    for (const id of published)
      expect(
        on.filter((x) => x === id),
        id,
      ).toHaveLength(1);
    expect(published).toContain(
      'easypost:trk_9c1d2e3f4a5b4c6d8e9f0a1b2c3d4e5f:eta:2025-03-07T00:00:00Z',
    );
  });
});
