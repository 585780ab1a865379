import { describe, expect, it } from 'vitest';
import {
  decideCarrierEvent,
  decideConfirm,
  emptyCursor,
  type Intent,
  type ParcelCursor,
} from './intents.js';
import { eta, pod, scan } from './events.fixtures.js';
import type { CarrierEvent } from './types.js';

const TN = '1Z999AA10123456784';

/** Given events that arrived earlier, when `next` arrives, then these intents. */
function arrive(earlier: CarrierEvent[], next: CarrierEvent): Intent[] {
  const cursor = earlier.reduce<ParcelCursor>(
    (c, e) => decideCarrierEvent(c, e).cursor,
    emptyCursor(TN),
  );
  return decideCarrierEvent(cursor, next).intents;
}

describe('intents (decided on arrival, per tracking number)', () => {
  it('the first ship-confirm announces confirmed; a re-confirm announces nothing', () => {
    expect(decideConfirm(false)).toEqual([
      { kind: 'status-changed', status: 'confirmed', previousStatus: null },
    ]);
    expect(decideConfirm(true)).toEqual([]);
  });

  it('a first scan announces the change from confirmed', () => {
    expect(arrive([], scan('in_transit', '2025-03-05T18:00:00Z'))).toEqual([
      { kind: 'status-changed', status: 'in_transit', previousStatus: 'confirmed' },
    ]);
  });

  it('a newer scan with the same status announces nothing', () => {
    expect(
      arrive(
        [scan('in_transit', '2025-03-05T18:00:00Z')],
        scan('in_transit', '2025-03-05T22:00:00Z'),
      ),
    ).toEqual([]);
  });

  it('a late older scan announces nothing', () => {
    expect(
      arrive(
        [scan('out_for_delivery', '2025-03-06T08:00:00Z')],
        scan('picked_up', '2025-03-05T16:00:00Z'),
      ),
    ).toEqual([]);
  });

  it('an exception scan announces the change and the exception; a repeated one only the exception', () => {
    const first = scan('exception', '2025-03-06T08:00:00Z');
    expect(arrive([scan('in_transit', '2025-03-05T18:00:00Z')], first)).toEqual([
      { kind: 'status-changed', status: 'exception', previousStatus: 'in_transit' },
      { kind: 'exception-scanned' },
    ]);
    expect(arrive([first], scan('exception', '2025-03-06T12:00:00Z'))).toEqual([
      { kind: 'exception-scanned' },
    ]);
  });

  it('proof of delivery announces delivered once, even when recorded before the last scan', () => {
    expect(
      arrive([scan('out_for_delivery', '2025-03-07T12:00:00Z')], pod('2025-03-07T11:20:00Z')),
    ).toEqual([
      { kind: 'status-changed', status: 'delivered', previousStatus: 'out_for_delivery' },
    ]);
    expect(
      arrive([scan('delivered', '2025-03-07T11:00:00Z')], pod('2025-03-07T11:20:00Z')),
    ).toEqual([]);
  });

  it('nothing after delivery is news', () => {
    expect(
      arrive([pod('2025-03-07T11:20:00Z')], scan('in_transit', '2025-03-07T12:00:00Z')),
    ).toEqual([]);
    expect(
      arrive([pod('2025-03-07T11:20:00Z')], eta('2025-03-09T10:00:00Z', '2025-03-07T13:00:00Z')),
    ).toEqual([]);
  });

  it('an ETA update announces the change with the previous ETA; an older or equal one does not', () => {
    const first = eta('2025-03-08T17:00:00Z', '2025-03-06T08:00:00Z');
    expect(arrive([first], eta('2025-03-10T17:00:00Z', '2025-03-06T09:00:00Z'))).toEqual([
      { kind: 'eta-changed', previousEta: '2025-03-08T17:00:00Z' },
    ]);
    expect(arrive([first], eta('2025-03-09T17:00:00Z', '2025-03-06T07:00:00Z'))).toEqual([]);
    expect(arrive([first], eta('2025-03-08T17:00:00.000Z', '2025-03-06T10:00:00Z'))).toEqual([]);
  });
});
