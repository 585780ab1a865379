import { afterAll, describe, expect, it } from 'vitest';
import * as b from '../../testing/scenarios/builders.js';
import { PgWorld, closeWorlds, handleEvent } from '../../testing/pg-world.js';
import { defaultPolicy as policy } from '../policy.js';

afterAll(closeWorlds);

const at = (iso: string) => ({ policy, now: new Date(iso) });
const retail = { customerTier: 'retail' as const };

/** A shipment of two parcels, promised for 03-07 (the fixtures' promise). */
async function twoParcels(store: PgWorld, s: b.StoryIds) {
  const order = b.orderStatus(s, '2025-03-05T12:00:00Z', { ...retail, status: 'shipped' });
  const shipped = b.shipmentStatus(s, '2025-03-05T20:00:00Z', retail);
  for (const e of [order, shipped]) await handleEvent(store, e, at('2025-03-05T20:00:00Z'));
}
const eta = (s: b.StoryIds, occurredAt: string, value: string, tn = s.trackingNumber) =>
  b.etaChanged(s, occurredAt, { ...retail, eta: value, trackingNumber: tn });
const delays = (store: PgWorld) =>
  [...store.cases.values()]
    .filter((c) => c.caseType === 'carrier_delay')
    .map((c) => [c.status, c.evidence[0]!.eventId]);

describe('carrier delay over the ETA history (given/when/then)', () => {
  it('given an ETA within the promise, then both parcels slipping, then each recovering, then one case opened on the first slip and resolved only once both are back', async () => {
    const store = await PgWorld.open();
    const s = b.story('pair1');
    await twoParcels(store, s);
    const onTime = eta(s, '2025-03-05T21:00:00Z', '2025-03-07T15:00:00Z');
    const slip1 = eta(s, '2025-03-06T10:00:00Z', '2025-03-09T15:00:00Z');
    const slip2 = eta(s, '2025-03-06T10:01:00Z', '2025-03-09T15:00:00Z', '1ZOTHER');
    for (const e of [onTime, slip1, slip2]) await handleEvent(store, e, at(e.occurredAt));
    expect(delays(store)).toEqual([['open', slip1.eventId]]);
    const back = eta(s, '2025-03-06T16:00:00Z', '2025-03-07T12:00:00Z');
    await handleEvent(store, back, at(back.occurredAt));
    // The other parcel is still due after the promise: the shipment is still late.
    expect(delays(store)).toEqual([['open', slip1.eventId]]);
    const otherBack = eta(s, '2025-03-06T18:00:00Z', '2025-03-07T13:00:00Z', '1ZOTHER');
    await handleEvent(store, otherBack, at(otherBack.occurredAt));
    expect(delays(store)).toEqual([['resolved', slip1.eventId]]);
    expect(store.events.filter((e) => e.type === 'case.opened')).toHaveLength(1);
  });

  it("given one parcel late, then another's status snapshot repeating an on-time ETA, then the case stays open", async () => {
    const store = await PgWorld.open();
    const s = b.story('pair4');
    await twoParcels(store, s);
    const slip = eta(s, '2025-03-06T10:00:00Z', '2025-03-09T15:00:00Z');
    await handleEvent(store, slip, at(slip.occurredAt));
    const snapshot = b.shipmentStatus(s, '2025-03-06T12:00:00Z', {
      ...retail,
      status: 'in_transit',
      eta: '2025-03-07T10:00:00Z',
    });
    await handleEvent(store, snapshot, at(snapshot.occurredAt));
    expect(delays(store)).toEqual([['open', slip.eventId]]);
  });

  it('given the ETAs arrive before the order (another topic), then the same case follows once the promise is known', async () => {
    const store = await PgWorld.open();
    const s = b.story('pair2');
    const shipped = b.shipmentStatus(s, '2025-03-05T20:00:00Z', {
      ...retail,
      promisedDeliveryDate: null,
      deliverBy: null,
    });
    const slip = b.etaChanged(s, '2025-03-06T10:00:00Z', {
      ...retail,
      eta: '2025-03-09T15:00:00Z',
      promisedDeliveryDate: null,
      deliverBy: null,
    });
    await handleEvent(store, shipped, at('2025-03-05T20:00:00Z'));
    await handleEvent(store, slip, at('2025-03-06T10:00:00Z'));
    expect(delays(store)).toEqual([]);
    const order = b.orderStatus(s, '2025-03-05T12:00:00Z', { ...retail, status: 'shipped' });
    await handleEvent(store, order, at('2025-03-06T10:05:00Z'));
    expect(delays(store)).toEqual([['open', slip.eventId]]);
    // Judging again (another order event) changes nothing.
    await handleEvent(
      store,
      b.orderStatus(s, '2025-03-06T11:00:00Z', { ...retail, status: 'shipped' }),
      at('2025-03-06T11:00:00Z'),
    );
    expect(delays(store)).toEqual([['open', slip.eventId]]);
    expect(store.events.filter((e) => e.type === 'case.opened')).toHaveLength(1);
  });

  it("given one parcel slipping and recovering, when the other parcel's earlier slip arrives last (another partition), then it joins that episode and opens no second case", async () => {
    const store = await PgWorld.open();
    const s = b.story('pair3');
    await twoParcels(store, s);
    const slipB = eta(s, '2025-03-06T09:00:00Z', '2025-03-09T15:00:00Z', '1ZOTHER');
    const slipA = eta(s, '2025-03-06T10:00:00Z', '2025-03-09T15:00:00Z');
    const back = eta(s, '2025-03-06T16:00:00Z', '2025-03-07T12:00:00Z');
    for (const e of [slipA, back, slipB]) await handleEvent(store, e, at(e.occurredAt));
    expect(delays(store)).toEqual([['resolved', slipA.eventId]]);
    expect(store.events.filter((e) => e.type === 'case.opened')).toHaveLength(1);
  });
});
