import type { SimConfig } from './config.js';
import type { EventLog } from './event-log.js';
import type { SimSku } from './master-data.js';
import type { Rng } from './prng.js';
import { HOUR, localDate, nextBusinessMorning, zonedTime } from './time.js';

export const ERP = 'erp:sap-prod';
export const WMS = 'wms:manhattan';

/** The distributor's main warehouse; order promise dates are in its zone. */
export const WAREHOUSE = { id: 'WH-ATL', timezone: 'America/New_York', region: 'us-east' } as const;
/**
 * The second site, in the same zone so an order's promise reads the same from either: every
 * third order ships from it, which gives the console's site filter two sites to tell apart.
 * Stock and cycle counts stay at the main warehouse (the detector keys stock by SKU).
 */
export const SECOND_SITE = 'WH-CLT';

/** The site an order is picked, packed and shipped from: a pure function of its number. */
export function siteOf(orderNo: number): string {
  return orderNo % 3 === 2 ? SECOND_SITE : WAREHOUSE.id;
}
/**
 * The carrier pickup at the warehouse, local hour: the ERP sends a promised ship date, and an
 * order promised for a day has to be gone by then (the usual cut-off; nothing here reads the
 * services' own default).
 */
export const WAREHOUSE_CUT_OFF_HOUR = 17;

export interface StoryContext {
  log: EventLog;
  rng: Rng;
  skus: readonly SimSku[];
  tag: string;
  thresholds: SimConfig['thresholds'];
}

/** Moves a warehouse task into working hours (weekdays 07:00-21:00 local). */
export function warehouseTime(rng: Rng, at: number): number {
  const tz = WAREHOUSE.timezone;
  const closes = zonedTime(localDate(at, tz), 21, tz);
  const opens = zonedTime(localDate(at, tz), 7, tz);
  if (at >= opens && at < closes && nextBusinessMorning(opens, tz, 7) === opens) return at;
  return nextBusinessMorning(at, tz, 7) + rng.between(0, 2 * HOUR);
}
