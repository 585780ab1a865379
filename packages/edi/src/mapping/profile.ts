import { alpha2Of } from '../countries.js';
import type { EdiError } from '../x12/errors.js';
import type { AckSet, Strictness, MappingTables } from './tables.js';

/** Who sent a transaction set and how to read it: a configured row, or the default profile. */
export interface Profile {
  /** False when no table names the sender: the default profile applies. */
  known: boolean;
  sourceSystem: string;
  /** Time code assumed where a segment has none. */
  timeCode: string;
  /** IANA zone of the partner's local time (LT), when configured. */
  timeZone: string | undefined;
  strictness: Strictness;
  /** The acknowledgement the partner asked for, overriding the rule of `ackFor`. */
  ack: AckSet | undefined;
}

/** What every mapper gets besides the transaction set. */
export interface MapContext {
  tables: MappingTables;
  /** Overrides the source system the tables give (the CLI's --source). */
  sourceSystem?: string;
  /** Source system for a sender no table names (the ingestion edge passes the caller's). */
  defaultSourceSystem?: string;
  /** Problems the mapper worked around: reported in the acknowledgement, refused when strict. */
  notes: EdiError[];
}

const instance = (id: string) =>
  id
    .trim()
    .replace(/[^A-Za-z0-9._-]/g, '')
    .toLowerCase() || 'unknown';

/** The profile of an interchange's sender (ISA-06): a partner row, a carrier row, or the default. */
export function senderProfile(tables: MappingTables, senderId: string): Profile {
  const row = tables.partners[senderId] ?? tables.carriers[senderId];
  const d = tables.defaults;
  return {
    known: row !== undefined,
    sourceSystem: row?.sourceSystem ?? `edi:${instance(senderId)}`,
    timeCode: row?.timeCode ?? d.timeCode,
    timeZone: row?.timeZone ?? d.timeZone,
    strictness: row?.strictness ?? d.strictness,
    ack: row?.ack,
  };
}

/** A 214 carrier by SCAC; an unknown SCAC gets the default profile, named after its SCAC. */
export function carrierProfile(
  ctx: MapContext,
  scac: string,
): Profile & { carrier: string; serviceLevels: Record<string, string> } {
  const row = ctx.tables.carriers[scac];
  const d = ctx.tables.defaults;
  if (row) {
    return {
      known: true,
      carrier: row.carrier,
      sourceSystem: ctx.sourceSystem ?? row.sourceSystem,
      timeCode: row.timeCode,
      timeZone: row.timeZone ?? d.timeZone,
      strictness: row.strictness ?? d.strictness,
      ack: row.ack,
      serviceLevels: row.serviceLevels,
    };
  }
  return {
    known: false,
    carrier: instance(scac),
    sourceSystem: ctx.sourceSystem ?? ctx.defaultSourceSystem ?? `carrier:${instance(scac)}`,
    timeCode: d.timeCode,
    timeZone: d.timeZone,
    strictness: d.strictness,
    ack: undefined,
    serviceLevels: {},
  };
}

/** The shipper (856 sender, ISA-06); an unknown one gets the default profile. */
export function partnerProfile(
  ctx: MapContext,
  senderId: string,
): Profile & { warehouseId: string | undefined } {
  const row = ctx.tables.partners[senderId];
  const d = ctx.tables.defaults;
  return {
    known: row !== undefined,
    sourceSystem:
      ctx.sourceSystem ??
      row?.sourceSystem ??
      ctx.defaultSourceSystem ??
      `wms:${instance(senderId)}`,
    timeCode: row?.timeCode ?? d.timeCode,
    timeZone: row?.timeZone ?? d.timeZone,
    strictness: row?.strictness ?? d.strictness,
    ack: row?.ack,
    warehouseId: row?.warehouseId,
  };
}

/**
 * The IANA zone of a place by its state or province code and, when sent, its country. The plain
 * keys of region-zones.json are US states and Canadian provinces; a country with rows of its own
 * (`MX:NL`, and `MX:*` for the rest of it) is looked up there, because its codes collide with
 * theirs: Nuevo León's NL is Newfoundland's, Coahuila's CO is Colorado's. Any other country reads
 * the plain keys, as US territories (PR, GU) are sent with their own country code.
 */
export function zoneOfRegion(
  tables: MappingTables,
  region: string | undefined,
  country?: string,
): string | undefined {
  const r = region?.trim().toUpperCase() ?? '';
  const c = country ? (alpha2Of(country) ?? '') : '';
  if (c !== '' && tables.regionZones[`${c}:*`] !== undefined) {
    return tables.regionZones[`${c}:${r}`] ?? tables.regionZones[`${c}:*`];
  }
  return r ? tables.regionZones[r] : undefined;
}
