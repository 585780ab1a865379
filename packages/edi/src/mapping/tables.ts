import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trackingScanned } from '@forewarn/contracts';
import { z } from 'zod';
import { isKnownZone } from '../zones.js';

// The taxonomy comes from the contract itself, so a table can never name a status it lacks.
const scanned = trackingScanned.zod.shape.payload.shape;
const status = scanned.status;
const exceptionReason = scanned.exceptionReason.unwrap().unwrap();

/** What a carrier status code means: a scan with a status, an ETA, or a delivery (scan + POD). */
const statusRule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('scan'),
    description: z.string().optional(),
    status,
    exceptionReason: exceptionReason.optional(),
  }),
  z.object({ kind: z.literal('eta'), description: z.string().optional() }),
  z.object({ kind: z.literal('delivered'), description: z.string().optional() }),
]);
export type StatusRule = z.infer<typeof statusRule>;

/**
 * An AT7-01 row: a status rule, or `none` for a status that reports no movement of the goods
 * (an estimate about a terminal, the truck leaving after delivery): read and acknowledged, no
 * event. Rows are in order of preference: a writer takes the first row stating a status.
 */
const at7Rule = z.discriminatedUnion('kind', [
  ...statusRule.options,
  z.object({ kind: z.literal('none'), description: z.string().optional() }),
]);
export type At7Rule = z.infer<typeof at7Rule>;

const at7Reason = z.object({
  description: z.string(),
  exceptionReason: exceptionReason.nullable(),
});

/**
 * How a partner's envelope faults are treated: `lenient` takes every well-formed transaction set
 * and reports the fault in the acknowledgement (accepted with errors); `strict` rejects the group
 * or interchange the fault is in.
 */
const strictness = z.enum(['lenient', 'strict']);
export type Strictness = z.infer<typeof strictness>;

/**
 * The functional acknowledgement a partner wants whatever its groups' GS-08 says (see `ackFor`):
 * `997` or `999`. Absent: a group under an implementation guide gets a 999, any other a 997.
 */
const ackSet = z.enum(['997', '999']);
export type AckSet = z.infer<typeof ackSet>;

/** IANA zone local times (LT) are read in, checked when the tables load. */
const timeZone = z
  .string()
  .refine(isKnownZone, { message: 'not an IANA time zone this runtime knows' });

const carrier = z.object({
  carrier: z.string().min(1),
  sourceSystem: z.string().min(1),
  /** X12 time code assumed when a segment carries none (and for GS stamps). */
  timeCode: z.string().default('UT'),
  timeZone: timeZone.optional(),
  strictness: strictness.optional(),
  ack: ackSet.optional(),
  serviceLevels: z.record(z.string(), z.string()).default({}),
});
export type CarrierRow = z.infer<typeof carrier>;

const partner = z.object({
  sourceSystem: z.string().min(1),
  timeCode: z.string().default('UT'),
  timeZone: timeZone.optional(),
  strictness: strictness.optional(),
  ack: ackSet.optional(),
  warehouseId: z.string().optional(),
});
export type PartnerRow = z.infer<typeof partner>;

/** The profile of a sender no table names: how strict, and which time code its times are in. */
const defaults = z.object({
  strictness: strictness.default('lenient'),
  timeCode: z.string().default('LT'),
  timeZone: timeZone.optional(),
});
export type DefaultProfile = z.infer<typeof defaults>;

const webhookFields = z.object({
  eventId: z.string(),
  trackingNumber: z.string(),
  code: z.string(),
  occurredAt: z.string(),
  reason: z.string().optional(),
  description: z.string().optional(),
  eta: z.string().optional(),
  previousEta: z.string().optional(),
  signedBy: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
  facility: z.string().optional(),
  poNumber: z.string().optional(),
  shipmentId: z.string().optional(),
});
export type WebhookFields = z.infer<typeof webhookFields>;

const webhook = z.object({
  carrier: z.string().min(1),
  sourceSystem: z.string().min(1),
  /** Dot path to the list of events in the body; absent when the body is one event. */
  events: z.string().optional(),
  fields: webhookFields,
  codes: z.record(z.string(), statusRule),
  reasons: z.record(z.string(), exceptionReason).default({}),
});
export type WebhookMapping = z.infer<typeof webhook>;

export const mappingTablesSchema = z.object({
  at7Status: z.record(z.string(), at7Rule),
  at7Reasons: z.record(z.string(), at7Reason),
  carriers: z.record(z.string(), carrier),
  partners: z.record(z.string(), partner),
  webhooks: z.record(z.string(), webhook),
  defaults: defaults.default({ strictness: 'lenient', timeCode: 'LT' }),
  /** Segment id → the X12 data element number of each element (AK4-02/IK4-02 in acknowledgements). */
  elements: z.record(z.string(), z.array(z.string())).default({}),
  /** State or province code → IANA zone, for local times at a stop. */
  regionZones: z.record(z.string(), timeZone).default({}),
});
export type MappingTables = z.infer<typeof mappingTablesSchema>;

const FILES = {
  at7Status: 'at7-status.json',
  at7Reasons: 'at7-reasons.json',
  carriers: 'carriers.json',
  partners: 'partners.json',
  webhooks: 'carrier-webhooks.json',
  defaults: 'defaults.json',
  elements: 'elements.json',
  regionZones: 'region-zones.json',
} as const;

/** Tables a deployment's own mapping directory may leave out: the shipped ones are used. */
const OPTIONAL = new Set<string>(['defaults', 'elements', 'regionZones']);

/** The tables shipped with this package (packages/edi/data). */
export const DEFAULT_MAPPING_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/**
 * Reads and validates the mapping tables from a directory (default: the ones shipped here), so a
 * deployment adds a carrier or a code by editing data. A bad table fails at start-up, naming the
 * file and the entry.
 */
export function loadMappingTables(dir: string = DEFAULT_MAPPING_DIR): MappingTables {
  const raw: Record<string, unknown> = {};
  for (const [name, file] of Object.entries(FILES)) {
    const path = join(dir, file);
    const from = OPTIONAL.has(name) && !existsSync(path) ? join(DEFAULT_MAPPING_DIR, file) : path;
    raw[name] = JSON.parse(readFileSync(from, 'utf8')) as unknown;
  }
  const parsed = mappingTablesSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const [table, ...rest] = i.path.map(String);
      return `${FILES[table as keyof typeof FILES] ?? table}: ${rest.join('.')}: ${i.message}`;
    });
    throw new Error(`invalid mapping tables in ${dir}:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
