import type { Rng } from './prng.js';

export type CustomerTier = 'enterprise' | 'regional_reseller' | 'retail';
export type Language = 'en' | 'fr';
export type Channel = 'email' | 'sms' | 'webhook';

export interface SimContact {
  contactId: string;
  name: string;
  email: string;
  phone: string;
  language: Language;
  timezone: string;
  channels: Channel[];
}

export interface SimAddress {
  name: string;
  line1: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
}

/** A customer as the ERP master and the notification preferences know it. */
export interface SimCustomer {
  customerId: string;
  name: string;
  tier: CustomerTier;
  accountRepId?: string;
  country: string;
  timezone: string;
  international: boolean;
  shipTo: SimAddress;
  contacts: SimContact[];
  /** EDI-connected customers take signed webhooks. */
  webhookUrl?: string;
}

export interface SimSku {
  sku: string;
  description: string;
  unitPriceMinor: number;
  critical: boolean;
}

/** Where the customers are: country, zone, language, carrier and one sample address. */
interface Place {
  country: string;
  city: string;
  region?: string;
  postalCode: string;
  timezone: string;
  language: Language;
  phonePrefix: string;
  weight: number;
}

const PLACES: readonly Place[] = [
  {
    country: 'US',
    city: 'Atlanta',
    region: 'GA',
    postalCode: '30301',
    timezone: 'America/New_York',
    language: 'en',
    phonePrefix: '+1404555',
    weight: 5,
  },
  {
    country: 'US',
    city: 'Chicago',
    region: 'IL',
    postalCode: '60601',
    timezone: 'America/Chicago',
    language: 'en',
    phonePrefix: '+1312555',
    weight: 4,
  },
  {
    country: 'US',
    city: 'Denver',
    region: 'CO',
    postalCode: '80202',
    timezone: 'America/Denver',
    language: 'en',
    phonePrefix: '+1303555',
    weight: 2,
  },
  {
    country: 'US',
    city: 'Los Angeles',
    region: 'CA',
    postalCode: '90001',
    timezone: 'America/Los_Angeles',
    language: 'en',
    phonePrefix: '+1213555',
    weight: 3,
  },
  {
    country: 'CA',
    city: 'Montréal',
    region: 'QC',
    postalCode: 'H2X 1Y4',
    timezone: 'America/Toronto',
    language: 'fr',
    phonePrefix: '+1514555',
    weight: 2,
  },
  {
    country: 'CA',
    city: 'Toronto',
    region: 'ON',
    postalCode: 'M5V 2T6',
    timezone: 'America/Toronto',
    language: 'en',
    phonePrefix: '+1416555',
    weight: 1,
  },
  {
    country: 'FR',
    city: 'Lyon',
    postalCode: '69002',
    timezone: 'Europe/Paris',
    language: 'fr',
    phonePrefix: '+3319900',
    weight: 1,
  },
];

const NAME_A = [
  'Acme',
  'Northwind',
  'Bluebird',
  'Summit',
  'Keystone',
  'Harbor',
  'Pioneer',
  'Cedar',
  'Atlas',
  'Granite',
  'Maple',
  'Orion',
  'Beacon',
  'Riverside',
  'Lumière',
  'Boréal',
];
const NAME_B = [
  'Industrial',
  'Supply',
  'Tools',
  'Mechanical',
  'Fluid Systems',
  'Hardware',
  'Maintenance',
  'Équipement',
  'Distribution',
  'Works',
];
const FIRST = [
  'Alex',
  'Sam',
  'Jordan',
  'Marie',
  'Luc',
  'Chloé',
  'Priya',
  'Diego',
  'Hannah',
  'Omar',
  'Julie',
  'Kenji',
];
const LAST = [
  'Martin',
  'Nguyen',
  'Tremblay',
  'Smith',
  'Garcia',
  'Roy',
  'Dubois',
  'Cohen',
  'Patel',
  'Lee',
];
const REPS = ['csr-jane', 'csr-marc', 'csr-aisha', 'csr-tom', 'csr-elodie'];

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[^\w\s-]/g, '')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, '-');

export function generateCustomers(rng: Rng, count: number, tag: string): SimCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const tier: CustomerTier =
      i % 10 < 2 ? 'enterprise' : i % 10 < 5 ? 'regional_reseller' : 'retail';
    const place = rng.weighted(PLACES.map((p) => [p, p.weight] as const));
    const name = `${rng.pick(NAME_A)} ${rng.pick(NAME_B)}${i >= NAME_A.length ? ` ${i}` : ''}`;
    const customerId = `C-${tag}${String(i + 1).padStart(4, '0')}`;
    const domain = `${slug(name)}.example.com`;
    const contactCount = tier === 'enterprise' ? 2 : 1;
    const contacts = Array.from({ length: contactCount }, (_, c) => {
      const person = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
      const channels: Channel[] =
        tier === 'retail' ? (rng.chance(0.5) ? ['email', 'sms'] : ['sms']) : ['email'];
      return {
        contactId: `${customerId}-K${c + 1}`,
        name: person,
        email: `${slug(person).replace('-', '.')}@${domain}`,
        phone: `${place.phonePrefix}${String(rng.int(100, 199)).padStart(4, '0')}`,
        language: place.language,
        timezone: place.timezone,
        channels,
      };
    });
    return {
      customerId,
      name,
      tier,
      ...(tier !== 'retail' || rng.chance(0.3) ? { accountRepId: rng.pick(REPS) } : {}),
      country: place.country,
      timezone: place.timezone,
      international: place.country !== 'US',
      shipTo: {
        name: `${name} receiving`,
        line1:
          `${rng.int(1, 999)} ${rng.pick(['Dock', 'Industrial', 'Commerce', 'Rue de la Gare'])} ${place.language === 'fr' ? '' : 'Rd'}`.trim(),
        city: place.city,
        ...(place.region ? { region: place.region } : {}),
        postalCode: place.postalCode,
        country: place.country,
      },
      contacts,
      ...(tier === 'enterprise' ? { webhookUrl: `https://hooks.${domain}/forewarn` } : {}),
    };
  });
}

const PRODUCTS: readonly (readonly [string, string, number, number])[] = [
  // code, description, price range (minor units)
  ['BOLT', 'Hex bolt', 15, 90],
  ['NUT', 'Lock nut', 5, 40],
  ['VALVE', 'Ball valve', 2_500, 18_000],
  ['PUMP', 'Centrifugal pump', 35_000, 240_000],
  ['BEAR', 'Ball bearing', 800, 6_000],
  ['BELT', 'Drive belt', 1_200, 9_000],
  ['SEAL', 'Shaft seal', 300, 2_500],
  ['MOTOR', 'Electric motor', 28_000, 190_000],
  ['FILT', 'Hydraulic filter', 1_500, 7_500],
  ['HOSE', 'Hydraulic hose', 900, 5_500],
];

export function generateSkus(rng: Rng, count: number): SimSku[] {
  return Array.from({ length: count }, (_, i) => {
    const [code, description, lo, hi] = PRODUCTS[i % PRODUCTS.length] as (typeof PRODUCTS)[number];
    const expensive = lo > 20_000;
    return {
      sku: `SKU-${code}-${String(100 + i)}`,
      description: `${description} ${100 + i}`,
      unitPriceMinor: rng.int(lo, hi),
      critical: expensive ? rng.chance(0.6) : rng.chance(0.05),
    };
  });
}
