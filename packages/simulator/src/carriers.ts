import type { SimCustomer } from './master-data.js';
import type { Rng } from './prng.js';

export interface Carrier {
  code: string;
  sourceSystem: string;
  services: readonly { level: string; transitDays: number; international?: boolean }[];
  hubs: readonly { city: string; region?: string; country: string; facility: string }[];
  trackingNumber(rng: Rng): string;
}

const digits = (rng: Rng, n: number) =>
  Array.from({ length: n }, () => String(rng.int(0, 9))).join('');
const alnum = (rng: Rng, n: number) =>
  Array.from({ length: n }, () => '0123456789ABCDEFGHJKLMNPRSTVWXYZ'[rng.int(0, 31)]).join('');

export const CARRIERS: Record<'ups' | 'fedex' | 'purolator' | 'dhl', Carrier> = {
  ups: {
    code: 'ups',
    sourceSystem: 'carrier:ups',
    services: [
      { level: 'ground', transitDays: 2 },
      { level: 'next_day_air', transitDays: 1 },
    ],
    hubs: [
      { city: 'Atlanta', region: 'GA', country: 'US', facility: 'ATL Hub' },
      { city: 'Louisville', region: 'KY', country: 'US', facility: 'Worldport' },
      { city: 'Hodgkins', region: 'IL', country: 'US', facility: 'CACH' },
    ],
    trackingNumber: (rng) => `1Z${alnum(rng, 6)}${digits(rng, 10)}`,
  },
  fedex: {
    code: 'fedex',
    sourceSystem: 'carrier:fedex',
    services: [
      { level: 'ground', transitDays: 2 },
      { level: 'express_saver', transitDays: 1 },
    ],
    hubs: [
      { city: 'Atlanta', region: 'GA', country: 'US', facility: 'ATL Ramp' },
      { city: 'Memphis', region: 'TN', country: 'US', facility: 'Memphis Hub' },
      { city: 'Indianapolis', region: 'IN', country: 'US', facility: 'IND Hub' },
    ],
    trackingNumber: (rng) => digits(rng, 12),
  },
  purolator: {
    code: 'purolator',
    sourceSystem: 'carrier:purolator',
    services: [{ level: 'ground_us_canada', transitDays: 3, international: true }],
    hubs: [
      { city: 'Buffalo', region: 'NY', country: 'US', facility: 'Border Gateway' },
      { city: 'Toronto', region: 'ON', country: 'CA', facility: 'Toronto Hub' },
    ],
    trackingNumber: (rng) => `PUR${digits(rng, 12)}`,
  },
  dhl: {
    code: 'dhl',
    sourceSystem: 'carrier:dhl',
    services: [
      { level: 'express_worldwide', transitDays: 3, international: true },
      { level: 'express_domestic', transitDays: 1 },
    ],
    hubs: [
      { city: 'Cincinnati', region: 'KY', country: 'US', facility: 'CVG Hub' },
      { city: 'Leipzig', country: 'DE', facility: 'Leipzig Hub' },
      { city: 'Paris', country: 'FR', facility: 'CDG Gateway' },
    ],
    trackingNumber: (rng) => digits(rng, 10),
  },
};

/** Which carrier a shipment to this customer goes with. */
export function carrierFor(rng: Rng, customer: SimCustomer): Carrier {
  if (customer.country === 'CA') return CARRIERS.purolator;
  if (customer.country !== 'US') return CARRIERS.dhl;
  return rng.weighted([
    [CARRIERS.ups, 50],
    [CARRIERS.fedex, 35],
    [CARRIERS.dhl, 15],
  ] as const);
}

export const ALL_CARRIERS = Object.values(CARRIERS);

/** The services of the carrier that fit the destination. */
export function servicesFor(carrier: Carrier, customer: SimCustomer) {
  const fitting = carrier.services.filter(
    (s) => (s.international ?? false) === customer.international,
  );
  return fitting.length > 0 ? fitting : carrier.services;
}
