import { sampleOrderCreated } from '@forewarn/contracts/fixtures';
import { tenancySweep } from '@forewarn/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startHarness, type Harness } from '../testing/harness.js';

/** An ERP order of `customerId`, as the ERP posts it. */
const order = (orderId: string, customerId: string) =>
  sampleOrderCreated({
    eventId: `erp-${orderId}`,
    sourceSystem: 'erp:sap-prod',
    refs: { orderId, customerId, poNumber: `PO-${orderId}` },
    payload: { orderId, customerId, poNumber: `PO-${orderId}` },
  });

describe('ingestion API tenancy sweep (integration: every route, as customer A, against B)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('ingestion-sweep');
    const events = [order('SO-SWEEP-A', 'C-ACME'), order('SO-SWEEP-B', 'C-OTHER')];
    const res = await h.post('/v1/events', { events }, { 'x-api-key': KEYS.erp });
    expect(res.status).toBe(202);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("gives C-ACME's key nothing of C-OTHER on any route: it calls none", async () => {
    const { swept, failures } = await tenancySweep(h.svc.app, {
      key: KEYS.customer,
      ours: { customerId: 'C-ACME', orderId: 'SO-SWEEP-A' },
      theirs: { customerId: 'C-OTHER', orderId: 'SO-SWEEP-B' },
      routes: {
        // The public event contract: the same for everyone, nobody's data.
        'GET /v1/asyncapi.json': { open: 'public' },
        'GET /v1/schemas/:type': { open: 'public', url: '/v1/schemas/erp.order.created' },
        // The source doors take a source key or signature, never a customer's.
        'POST /v1/events': {
          open: 'refused',
          payload: () => ({ events: [order('SO-SWEEP-C', 'C-OTHER')] }),
        },
        'POST /v1/edi': { open: 'refused' },
        'POST /v1/webhooks/:provider': { open: 'refused', url: '/v1/webhooks/aftership' },
      },
    });
    expect(failures).toEqual([]);
    expect(swept).toHaveLength(h.svc.app.routeAccess().length);
  });
});
