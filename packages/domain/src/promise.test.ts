import { describe, expect, it } from 'vitest';
import { defaultCalendars } from './calendar/regions.js';
import { isLateDelivery, isLateShipment, minutesLate } from './lateness.js';
import { deliverBy, shipBy } from './promise.js';

const usEast = defaultCalendars['us-east']!;

describe('promises to the minute', () => {
  it('given a ship-by date alone, when resolved, then it is the site cut-off, 17:00 local', () => {
    expect(shipBy(usEast, { date: '2025-03-05' })).toBe('2025-03-05T22:00:00.000Z'); // EST
    expect(shipBy(usEast, { date: '2025-07-08' })).toBe('2025-07-08T21:00:00.000Z'); // EDT
  });

  it('given a ship-by date on a public holiday, when resolved, then the next business day cut-off keeps it', () => {
    // Fri 4 July 2025 → Mon 7 July 17:00 EDT.
    expect(shipBy(usEast, { date: '2025-07-04' })).toBe('2025-07-07T21:00:00.000Z');
  });

  it('given a site with its own cut-off, when resolved, then that time applies', () => {
    expect(shipBy({ ...usEast, cutOff: '14:30' }, { date: '2025-03-05' })).toBe(
      '2025-03-05T19:30:00.000Z',
    );
  });

  it('given a date-time with an offset, when resolved, then it wins over the date', () => {
    expect(shipBy(usEast, { date: '2025-03-05', dateTime: '2025-03-05T11:00:00+01:00' })).toBe(
      '2025-03-05T10:00:00.000Z',
    );
    expect(
      deliverBy('Europe/Paris', { date: '2025-03-07', dateTime: '2025-03-07T12:00:00-05:00' }),
    ).toBe('2025-03-07T17:00:00.000Z');
  });

  it('given a deliver-by date alone, when resolved, then it is the last instant of that local day', () => {
    expect(deliverBy('America/Chicago', { date: '2025-03-07' })).toBe('2025-03-08T05:59:59.999Z');
    expect(deliverBy('Europe/Paris', { date: '2025-03-07' })).toBe('2025-03-07T22:59:59.999Z');
  });

  it('given the ship-by cut-off, when shipped a minute before or after, then only after is late', () => {
    const by = shipBy(usEast, { date: '2025-03-05' });
    expect(isLateShipment(by, '2025-03-05T21:59:00Z', new Date('2025-03-06T00:00:00Z'))).toBe(
      false,
    );
    expect(isLateShipment(by, '2025-03-05T22:01:00Z', new Date('2025-03-06T00:00:00Z'))).toBe(true);
    expect(isLateShipment(by, null, new Date('2025-03-05T21:00:00Z'))).toBe(false);
    expect(isLateShipment(by, null, new Date('2025-03-05T22:00:01Z'))).toBe(true);
  });

  it('given a deliver-by day, when the ETA is that evening or the next morning, then only the next morning is late', () => {
    const by = deliverBy('America/New_York', { date: '2025-03-07' });
    expect(isLateDelivery('2025-03-07T23:30:00-05:00', by)).toBe(false);
    expect(isLateDelivery('2025-03-08T09:00:00-05:00', by)).toBe(true);
    expect(minutesLate('2025-03-08T09:00:00-05:00', by)).toBe(540);
  });
});
