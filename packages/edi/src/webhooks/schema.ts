import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trackingScanned } from '@forewarn/contracts';
import { z } from 'zod';
import { compile, type Template } from './expression.js';
import { SCHEME_NAMES } from './signatures.js';
import { isKnownZone } from '../zones.js';

// The taxonomy comes from the contract, so a row can never name a status the contract lacks.
const scanned = trackingScanned.zod.shape.payload.shape;
const exceptionReason = scanned.exceptionReason.unwrap().unwrap();

/** What a provider status (or status/sub-status pair) means: a scan, or a delivery (scan + POD). */
const statusRow = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('scan'),
    status: scanned.status,
    exceptionReason: exceptionReason.optional(),
  }),
  z.object({ kind: z.literal('delivered') }),
]);
export type StatusRow = z.infer<typeof statusRow>;

const template = z.string().min(1);

const provider = z.object({
  /** Source system of the mapped events; may read the body (`carrier:{carrier}`: feeds per carrier). */
  sourceSystem: template,
  /** Carrier code of the mapped events, e.g. `{tracker.carrier|lower|lookup?:carriers}`. */
  carrier: template,
  signature: z.array(z.enum(SCHEME_NAMES)).min(1),
  /** IANA zone a time without an offset is read in. */
  timeZone: z.string().refine(isKnownZone, 'not an IANA time zone').default('UTC'),
  /** Bodies of other kinds (a batch event, a rate event) are acknowledged and ignored. */
  accept: z.record(z.string(), z.array(z.string()).min(1)).default({}),
  /** Named parent objects, by dot path from the body (`tracker: result`). */
  scope: z.record(z.string(), z.string()).default({}),
  /**
   * The list of checkpoints and the scope name each one is mapped under; `current`, a single
   * checkpoint object mapped as well (Shippo's tracking_status, when the history is empty or
   * lags): ids are built from content, so when it repeats a history entry it maps once.
   */
  checkpoints: z.object({
    each: z.string(),
    as: z.string().min(1),
    current: z.string().optional(),
  }),
  fields: z.object({
    eventId: template,
    trackingNumber: template,
    code: template,
    occurredAt: template,
    detail: template.optional(),
    description: template.optional(),
    city: template.optional(),
    region: template.optional(),
    postalCode: template.optional(),
    country: template.optional(),
    facility: template.optional(),
    signedBy: template.optional(),
    poNumber: template.optional(),
    shipmentId: template.optional(),
  }),
  /** A tracker-level estimate → carrier.eta.updated, its id naming the estimate so repeats dedupe. */
  eta: z
    .object({
      eventId: template,
      newEta: template,
      occurredAt: template,
      trackingNumber: template,
      reason: template.optional(),
    })
    .optional(),
  /** Keyed by status, or `status/detail` for a sub-status that means more (checked first). */
  codes: z.record(z.string(), statusRow),
  /** Sub-status → exception reason, for rows that are exceptions. */
  reasons: z.record(z.string(), exceptionReason).default({}),
  /** Statuses that say nothing about the parcel (EasyPost `unknown`): mapped to no event. */
  skip: z.array(z.string()).default([]),
  /** Lookup tables the templates name (`lookup:carriers`). */
  tables: z.record(z.string(), z.record(z.string(), z.string())).default({}),
});

type ProviderRow = z.infer<typeof provider>;
type Compiled<T> = { [K in keyof T]-?: undefined extends T[K] ? Template | undefined : Template };

export interface WebhookProvider {
  name: string;
  row: ProviderRow;
  sourceSystem: Template;
  carrier: Template;
  fields: Compiled<ProviderRow['fields']>;
  eta?: Compiled<NonNullable<ProviderRow['eta']>>;
}
export type WebhookProviders = Readonly<Record<string, WebhookProvider>>;

export const webhookProvidersSchema = z.record(z.string(), provider);

function compileAll<T extends Record<string, string | undefined>>(
  obj: T,
  scopes: string[],
  tables: string[],
): Compiled<T> {
  return Object.fromEntries(
    Object.entries(obj).map(([k, v]) => [
      k,
      v === undefined ? undefined : compile(v, scopes, tables),
    ]),
  ) as Compiled<T>;
}

/** Validates provider rows and compiles their templates; throws naming the provider and field. */
export function compileProviders(raw: unknown, file = 'carrier-webhooks.json'): WebhookProviders {
  const parsed = webhookProvidersSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid ${file}:\n  ${problems.join('\n  ')}`);
  }
  const out: Record<string, WebhookProvider> = {};
  for (const [name, row] of Object.entries(parsed.data)) {
    const top = ['body', ...Object.keys(row.scope)];
    const tables = Object.keys(row.tables);
    try {
      out[name] = {
        name,
        row,
        sourceSystem: compile(row.sourceSystem, [...top, 'carrier'], tables),
        carrier: compile(row.carrier, top, tables),
        fields: compileAll(row.fields, [...top, row.checkpoints.as], tables),
        ...(row.eta ? { eta: compileAll(row.eta, top, tables) } : {}),
      };
    } catch (err) {
      throw new Error(`invalid ${file}: ${name}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** The providers shipped with this package (data/carrier-webhooks.json). */
export const DEFAULT_WEBHOOK_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** Reads carrier-webhooks.json from a mapping directory (default: the shipped one). */
export function loadWebhookProviders(dir: string = DEFAULT_WEBHOOK_DIR): WebhookProviders {
  const file = join(dir, 'carrier-webhooks.json');
  return compileProviders(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}
