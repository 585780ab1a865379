import type { Role } from '@forewarn/http';
import { isolationFailures, prototypeKeyFailures, securityDocOf } from '@forewarn/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startHarness, type Harness } from '../testing/harness.js';

describe('ingestion HTTP edge security (integration)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('ingestion-access');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers every route below 500 with a prototype key in any param, query or body', async () => {
    const byRole: Partial<Record<Role, string>> = { source: KEYS.erp, ops_manager: KEYS.ops };
    // The source doors check their own credential: send them a source key.
    const failures = await prototypeKeyFailures(h.svc.app, (role) => byRole[role]);
    expect(failures).toEqual([]);
    const probe = await h.post(
      '/v1/events',
      { events: [{}] },
      {
        'x-forewarn-source': 'constructor',
        'x-forewarn-timestamp': '1',
        'x-forewarn-signature': 'sha256=00',
      },
    );
    expect(probe.status).toBe(401);
  });

  it('lets a source key read only its own feed', async () => {
    const feed = (source: string, key: string) =>
      fetch(`${h.svc.url}/v1/feeds/${source}`, { headers: { 'x-api-key': key } });
    expect((await feed('carrier:ups', KEYS.erp)).status).toBe(404);
    expect(
      (await fetch(`${h.svc.url}/v1/feeds`, { headers: { 'x-api-key': KEYS.erp } })).status,
    ).toBe(403);
  });

  it("gives a customer's key nothing: no route takes it, so no route can name another customer's data", async () => {
    // An empty matrix passes only while no route lets a customer in with an id in its path.
    expect(await isolationFailures(h.svc.app, KEYS.customer, {})).toEqual([]);
    const keyed = h.svc.app.routeAccess().filter((r) => r.roles !== null);
    expect(keyed.length).toBeGreaterThan(3);
    const answers: string[] = [];
    for (const route of keyed) {
      const url = route.url.replace(/:([A-Za-z]+)/g, 'x-$1');
      const res = await h.svc.app.inject({
        method: route.method as 'GET',
        url,
        headers: { 'x-api-key': KEYS.customer },
        ...(route.method === 'GET' ? {} : { payload: {} }),
      });
      if (res.statusCode !== 403 && res.statusCode !== 401)
        answers.push(`${route.method} ${route.url}: ${res.statusCode}`);
    }
    expect(answers).toEqual([]);
  });

  it('lists its routes and the roles allowed on each in SECURITY.md, as registered', () => {
    const { documented, registered } = securityDocOf('ingestion', h.svc.app);
    expect(documented).toBe(registered);
  });
});
