import { afterAll, describe, expect, it } from 'vitest';
import type { Case } from '../domain/cases/case.js';
import { defaultPolicy as policy } from '../domain/policy.js';
import * as b from '../testing/scenarios/builders.js';
import {
  PgWorld,
  closeWorlds,
  handleEvent,
  handleNotice,
  handleRequest,
} from '../testing/pg-world.js';

afterAll(closeWorlds);

const at = (iso: string) => ({ policy, now: new Date(iso) });
const delayCase = (store: PgWorld, s: b.StoryIds): Case =>
  [...store.cases.values()].find(
    (c) => c.caseType === 'carrier_delay' && c.subject.id === s.shipmentId,
  )!;

/** Given a shipped order whose carrier ETA slips past the promise (a carrier-delay case). */
async function delayed(key: string) {
  const store = await PgWorld.open();
  const s = b.story(key);
  await handleEvent(
    store,
    b.shipmentStatus(s, '2025-03-06T12:00:00Z', { customerTier: 'retail' }),
    at('2025-03-06T12:00:00Z'),
  );
  const eta = b.etaChanged(s, '2025-03-06T13:00:00Z', { customerTier: 'retail' });
  return { store, s, eta };
}

describe('notification.sent marks cases as told (in-memory workflow)', () => {
  it('given a delay case, when the delay notice for its ETA event is sent, then the case is told at sentAt and a later request does not count against the proactive ratio', async () => {
    const { store, s, eta } = await delayed('n1');
    await handleEvent(store, eta, at('2025-03-06T13:00:00Z'));
    expect(delayCase(store, s).customerNotified).toBe(false);

    await handleNotice(
      store,
      b.noticeSent(s, '2025-03-06T13:05:00Z', eta),
      at('2025-03-06T13:06:00Z'),
    );
    const told = delayCase(store, s);
    expect([told.customerNotified, told.customerNotifiedAt]).toEqual([
      true,
      '2025-03-06T13:05:00Z',
    ]);
    expect(store.events.at(-1)?.type).toBe('case.updated');

    await handleRequest(
      store,
      {
        requestId: 'rq-1',
        requestType: 'track_parcel',
        customerId: s.customerId,
        shipmentId: s.shipmentId,
      },
      at('2025-03-06T15:00:00Z'),
    );
    expect(delayCase(store, s).requests).toMatchObject([
      { requestId: 'rq-1', beforeWeNotified: false },
    ]);
  });

  it('given the customer asked first, when the notice is sent later, then the request still counts as asked-before-told; a repeated or later notice changes nothing', async () => {
    const { store, s, eta } = await delayed('n2');
    await handleEvent(store, eta, at('2025-03-06T13:00:00Z'));
    await handleRequest(
      store,
      {
        requestId: 'rq-2',
        requestType: 'track_parcel',
        customerId: s.customerId,
        shipmentId: s.shipmentId,
      },
      at('2025-03-06T13:02:00Z'),
    );
    const notice = b.noticeSent(s, '2025-03-06T13:05:00Z', eta);
    await handleNotice(store, notice, at('2025-03-06T13:06:00Z'));
    const version = delayCase(store, s).version;
    await handleNotice(store, notice, at('2025-03-06T13:07:00Z'));
    await handleNotice(
      store,
      b.noticeSent(s, '2025-03-06T18:00:00Z', eta, { notificationId: 'ntf-2' }),
      at('2025-03-06T18:00:00Z'),
    );
    const after = delayCase(store, s);
    expect(after.version).toBe(version);
    expect(after.customerNotifiedAt).toBe('2025-03-06T13:05:00Z');
    expect(after.requests).toMatchObject([{ requestId: 'rq-2', beforeWeNotified: true }]);
  });

  it('given the notice was reported before we saw its event, when the case opens, then it opens already told', async () => {
    const { store, s, eta } = await delayed('n3');
    await handleNotice(
      store,
      b.noticeSent(s, '2025-03-06T13:01:00Z', eta),
      at('2025-03-06T13:01:00Z'),
    );
    await handleEvent(store, eta, at('2025-03-06T13:02:00Z'));
    expect(delayCase(store, s)).toMatchObject({
      customerNotified: true,
      customerNotifiedAt: '2025-03-06T13:01:00Z',
      status: 'open',
    });
  });

  it('given a notice about another event (shipped) or naming a case, then only the named case and cases citing the event are marked', async () => {
    const { store, s, eta } = await delayed('n4');
    await handleEvent(store, eta, at('2025-03-06T13:00:00Z'));
    await handleNotice(
      store,
      b.noticeSent(s, '2025-03-06T13:05:00Z', {
        eventId: 'evt-shipped',
        type: 'shipment.status-changed',
      }),
      at('2025-03-06T13:05:00Z'),
    );
    expect(delayCase(store, s).customerNotified).toBe(false);
    const caseId = delayCase(store, s).caseId;
    await handleNotice(
      store,
      b.noticeSent(
        s,
        '2025-03-06T13:10:00Z',
        { eventId: 'case-evt', type: 'case.opened' },
        { caseId },
      ),
      at('2025-03-06T13:10:00Z'),
    );
    expect(delayCase(store, s).customerNotified).toBe(true);
  });
});
