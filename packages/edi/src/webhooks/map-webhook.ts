import { createHash } from 'node:crypto';
import { eventTypeByName } from '@forewarn/contracts';
import {
  evaluate,
  type EvalContext,
  type Evaluated,
  type Path,
  type Scope,
  type Template,
} from './expression.js';
import type { StatusRow, WebhookProvider } from './schema.js';

/** A canonical source event before contract validation (which every entry point runs). */
export interface WebhookDraft {
  eventId: string;
  type: 'carrier.tracking.scanned' | 'carrier.eta.updated' | 'carrier.proof-of-delivery.recorded';
  schemaVersion: number;
  sourceSystem: string;
  occurredAt: string;
  refs: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export interface WebhookIssue {
  /** Where in the provider's body, e.g. ['result', 'tracking_details', 2, 'datetime']. */
  path: Path;
  code: string;
  message: string;
}

export type WebhookResult =
  | {
      ok: true;
      sourceSystem: string;
      /** `at`: the checkpoint (or tracker) in the body each event comes from. */
      drafts: { at: Path; draft: WebhookDraft }[];
      /** Set when the body is a kind this door does not map (acknowledged, nothing published). */
      ignored?: string;
    }
  | { ok: false; issues: WebhookIssue[] };

function readPath(value: unknown, dotted: string): { value: unknown; path: Path } {
  let cur = value;
  const path: Path = [];
  for (const key of dotted.split('.').filter((k) => k !== '')) {
    path.push(key);
    cur =
      typeof cur === 'object' && cur !== null && !Array.isArray(cur)
        ? (cur as Record<string, unknown>)[key]
        : undefined;
  }
  return { value: cur, path };
}

const compact = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Evaluates templates in one scope, collecting issues; `need` makes a missing value an issue. */
function evaluator(ctx: EvalContext, issues: WebhookIssue[]) {
  const report = (e: Evaluated, name: string, need: boolean): string | undefined => {
    if (e.kind === 'value') return e.value;
    if (e.kind === 'invalid')
      issues.push({ path: e.path, code: e.code, message: `${name}: ${e.message}` });
    else if (need) issues.push({ path: e.path, code: 'required', message: `${name} is required` });
    return undefined;
  };
  return {
    need: (t: Template, name: string) => report(evaluate(t, ctx), name, true),
    may: (t: Template | undefined, name: string) =>
      t ? report(evaluate(t, ctx), name, false) : undefined,
    raw: (t: Template) => evaluate(t, ctx),
  };
}

/** The longest id the contract takes (its `id()`: 200 characters). */
const MAX_ID = 200;

/**
 * An event id the contract takes. A template's id can outgrow it: AfterShip's tracking ids may
 * be 128 characters (API 2025-04), and its id template adds the checkpoint time, tag and subtag.
 * A longer id keeps its head and ends in a digest of the whole, so it is still derived from the
 * content (a resend dedupes) and distinct checkpoints keep distinct ids.
 */
export function boundedId(id: string): string {
  if (id.length <= MAX_ID) return id;
  const digest = createHash('sha256').update(id).digest('hex').slice(0, 32);
  return `${id.slice(0, MAX_ID - digest.length - 1)}~${digest}`;
}

function rowOf(
  p: WebhookProvider,
  code: string,
  detail: string | undefined,
): StatusRow | undefined {
  return (detail !== undefined ? p.row.codes[`${code}/${detail}`] : undefined) ?? p.row.codes[code];
}

function acceptCheck(p: WebhookProvider, body: unknown): WebhookIssue | string | undefined {
  for (const [dotted, values] of Object.entries(p.row.accept)) {
    const { value, path } = readPath(body, dotted);
    if (typeof value !== 'string')
      return {
        path,
        code: 'required',
        message: `${dotted} is required (one of ${values.join(', ')})`,
      };
    if (!values.includes(value))
      return `${dotted} is "${value}"; this door maps ${values.join(', ')}`;
  }
  return undefined;
}

/**
 * Maps one provider webhook body to canonical carrier events: one scan per checkpoint (a
 * delivery also gives a proof of delivery, `<id>-pod`), and an ETA update when the tracker
 * carries an estimate. Ids come from the provider's templates, so a provider resending the
 * whole history maps to the same ids (duplicates) and distinct checkpoints never collide.
 * Every problem is reported with its path in the body; nothing is silently dropped.
 */
export function mapWebhook(p: WebhookProvider, body: unknown): WebhookResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return {
      ok: false,
      issues: [{ path: [], code: 'invalid_type', message: 'the body must be a JSON object' }],
    };
  const gate = acceptCheck(p, body);
  if (typeof gate === 'object') return { ok: false, issues: [gate] };
  if (typeof gate === 'string') return { ok: true, sourceSystem: '', drafts: [], ignored: gate };

  const top: Record<string, { value: unknown; path: Path }> = { body: { value: body, path: [] } };
  for (const [name, dotted] of Object.entries(p.row.scope)) top[name] = readPath(body, dotted);
  const issues: WebhookIssue[] = [];
  const base = { timeZone: p.row.timeZone, tables: p.row.tables };
  const head = evaluator({ ...base, scope: top }, issues);
  const carrier = head.need(p.carrier, 'carrier');
  const sourceSystem = carrier
    ? evaluator({ ...base, scope: { ...top, carrier: { value: carrier, path: [] } } }, issues).need(
        p.sourceSystem,
        'sourceSystem',
      )
    : undefined;
  const list = readPath(body, p.row.checkpoints.each);
  if (list.value !== undefined && list.value !== null && !Array.isArray(list.value))
    issues.push({
      path: list.path,
      code: 'invalid_type',
      message: `${p.row.checkpoints.each} must be a list`,
    });
  if (!carrier || !sourceSystem || issues.length > 0) return { ok: false, issues };

  const drafts: { at: Path; draft: WebhookDraft }[] = [];
  const envelope = (
    eventId: string,
    type: WebhookDraft['type'],
    occurredAt: string,
    refs: Record<string, unknown>,
  ) =>
    ({
      eventId: boundedId(eventId),
      type,
      schemaVersion: eventTypeByName(type)?.version ?? 1,
      sourceSystem,
      occurredAt,
      refs,
    }) as const;

  const items = (Array.isArray(list.value) ? list.value : []).map((item, i) => ({
    item,
    at: [...list.path, i],
  }));
  if (p.row.checkpoints.current) {
    const current = readPath(body, p.row.checkpoints.current);
    if (
      typeof current.value === 'object' &&
      current.value !== null &&
      !Array.isArray(current.value)
    )
      items.push({ item: current.value, at: current.path });
  }
  const produced = new Set<string>();
  items.forEach(({ item, at }) => {
    const scope: Scope = { ...top, [p.row.checkpoints.as]: { value: item, path: at } };
    const f = p.fields;
    const ev = evaluator({ ...base, scope }, issues);
    const code = ev.need(f.code, 'status');
    if (code === undefined || p.row.skip.includes(code)) return;
    const detail = ev.may(f.detail, 'sub-status');
    const row = rowOf(p, code, detail);
    if (!row) {
      const e = ev.raw(f.code);
      issues.push({
        path: e.path,
        code: 'unknown_code',
        message: `unknown ${p.name} status "${code}": add it to carrier-webhooks.json`,
      });
      return;
    }
    const eventId = ev.need(f.eventId, 'event id');
    const trackingNumber = ev.need(f.trackingNumber, 'tracking number');
    const occurredAt = ev.need(f.occurredAt, 'time');
    const location = compact({
      city: ev.may(f.city, 'city'),
      region: ev.may(f.region, 'region'),
      postalCode: ev.may(f.postalCode, 'postal code'),
      country: ev.may(f.country, 'country'),
      facility: ev.may(f.facility, 'facility'),
    });
    const refs = compact({
      poNumber: ev.may(f.poNumber, 'PO number'),
      shipmentId: ev.may(f.shipmentId, 'shipment id'),
      trackingNumbers: trackingNumber ? [trackingNumber] : undefined,
    });
    const description = ev.may(f.description, 'description');
    const signedBy = ev.may(f.signedBy, 'signed by');
    if (!eventId || !trackingNumber || !occurredAt || produced.has(eventId)) return;
    produced.add(eventId);
    const where = Object.keys(location).length > 0 ? { location } : {};
    const status = row.kind === 'delivered' ? 'delivered' : row.status;
    const reason =
      status === 'exception'
        ? ((detail !== undefined ? p.row.reasons[detail] : undefined) ??
          (row.kind === 'scan' ? row.exceptionReason : undefined) ??
          'delay')
        : undefined;
    drafts.push({
      at,
      draft: {
        ...envelope(eventId, 'carrier.tracking.scanned', occurredAt, refs),
        payload: compact({
          trackingNumber,
          carrier,
          status,
          exceptionReason: reason,
          carrierStatusCode: detail ? `${code}/${detail}` : code,
          description,
          ...where,
          scannedAt: occurredAt,
        }),
      },
    });
    if (row.kind === 'delivered') {
      drafts.push({
        at,
        draft: {
          ...envelope(`${eventId}-pod`, 'carrier.proof-of-delivery.recorded', occurredAt, refs),
          payload: compact({
            trackingNumber,
            carrier,
            deliveredAt: occurredAt,
            signedBy,
            ...where,
          }),
        },
      });
    }
  });

  if (p.eta) {
    const ev = evaluator({ ...base, scope: top }, issues);
    const newEta = ev.may(p.eta.newEta, 'estimated delivery');
    if (newEta !== undefined) {
      const eventId = ev.need(p.eta.eventId, 'ETA event id');
      const trackingNumber = ev.need(p.eta.trackingNumber, 'tracking number');
      const occurredAt = ev.need(p.eta.occurredAt, 'ETA report time');
      const reason = ev.may(p.eta.reason, 'ETA reason');
      if (eventId && trackingNumber && occurredAt) {
        drafts.push({
          at: ev.raw(p.eta.newEta).path,
          draft: {
            ...envelope(eventId, 'carrier.eta.updated', occurredAt, {
              trackingNumbers: [trackingNumber],
            }),
            payload: compact({ trackingNumber, carrier, newEta, reason }),
          },
        });
      }
    }
  }
  return issues.length > 0
    ? { ok: false, issues: once(issues) }
    : { ok: true, sourceSystem, drafts };
}

/** A tracker-level problem shows up once per checkpoint that reads it: report it once. */
function once(issues: WebhookIssue[]): WebhookIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path.join('/')}|${i.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
