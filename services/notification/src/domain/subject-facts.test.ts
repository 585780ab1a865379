import {
  sampleCaseOpened,
  sampleOrderLineShort,
  sampleOrderStatusChanged,
  sampleShipmentEtaChanged,
  sampleShipmentStatusChanged,
} from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { subjectFactsOf } from './subject-facts.js';

describe('subjectFactsOf', () => {
  it("takes the order's site and the shipment's carrier from their owners' events", () => {
    expect(
      subjectFactsOf([
        sampleOrderStatusChanged({ payload: { orderId: 'SO-1', siteId: 'WH-1' } }),
        sampleShipmentStatusChanged({
          payload: { shipmentId: 'SHP-1', orderId: 'SO-1', carrier: 'ups' },
        }),
        sampleCaseOpened(),
      ]),
    ).toEqual({
      sites: [{ orderId: 'SO-1', siteId: 'WH-1' }],
      carriers: [{ shipmentId: 'SHP-1', orderId: 'SO-1', carrier: 'ups' }],
    });
  });

  it('keeps the latest per order and shipment, and ignores an order event without a site', () => {
    const facts = subjectFactsOf([
      sampleOrderStatusChanged({ payload: { orderId: 'SO-1', siteId: 'WH-1' } }),
      sampleOrderLineShort({ payload: { orderId: 'SO-1', siteId: 'WH-2' } }),
      sampleOrderStatusChanged({ payload: { orderId: 'SO-2', siteId: null } }),
      sampleShipmentStatusChanged({ payload: { shipmentId: 'SHP-1', carrier: 'ups' } }),
      sampleShipmentEtaChanged({ payload: { shipmentId: 'SHP-1', carrier: 'fedex' } }),
    ]);
    expect(facts.sites).toEqual([{ orderId: 'SO-1', siteId: 'WH-2' }]);
    expect(facts.carriers.map((c) => [c.shipmentId, c.carrier])).toEqual([['SHP-1', 'fedex']]);
  });
});
