import type { EventIssue } from '../canonical/validate.js';
import type { Draft } from './map-214.js';
import type { MappingTables, WebhookMapping } from './tables.js';

/** Reads a dot path (`status.code`) from a JSON value. */
export function at(value: unknown, path: string | undefined): unknown {
  if (path === undefined) return undefined;
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== ''
    ? v.trim()
    : typeof v === 'number'
      ? String(v)
      : undefined;

export type WebhookResult =
  | { ok: true; drafts: { index: number; draft: Draft }[] }
  | { ok: false; issues: { index: number; issue: EventIssue }[] };

function mapOne(m: WebhookMapping, item: unknown): Draft[] | EventIssue[] {
  const f = m.fields;
  const get = (field: keyof typeof f) => text(at(item, f[field]));
  const code = get('code');
  const rule = code === undefined ? undefined : m.codes[code];
  if (!rule) {
    const path = (f.code ?? 'code').split('.');
    return [
      code === undefined
        ? { path, code: 'missing_code', message: `${f.code} is required` }
        : {
            path,
            code: 'unknown_code',
            message: `unknown ${m.carrier} status code "${code}": add it to carrier-webhooks.json`,
          },
    ];
  }
  const eventId = get('eventId') ?? '';
  const trackingNumber = get('trackingNumber') ?? '';
  const occurredAt = get('occurredAt') ?? '';
  const reasonCode = get('reason');
  const mappedReason = reasonCode === undefined ? undefined : m.reasons[reasonCode];
  if (
    reasonCode !== undefined &&
    mappedReason === undefined &&
    rule.kind === 'scan' &&
    rule.status === 'exception'
  ) {
    return [
      {
        path: (f.reason ?? 'reason').split('.'),
        code: 'unknown_code',
        message: `unknown ${m.carrier} reason code "${reasonCode}"`,
      },
    ];
  }
  const location = Object.fromEntries(
    (['city', 'region', 'postalCode', 'country', 'facility'] as const)
      .map((k) => [k, get(k)] as const)
      .filter(([, v]) => v !== undefined),
  );
  const refs = Object.fromEntries(
    Object.entries({
      poNumber: get('poNumber'),
      shipmentId: get('shipmentId'),
      trackingNumbers: trackingNumber ? [trackingNumber] : undefined,
    }).filter(([, v]) => v !== undefined),
  );
  const envelope = (id: string, type: string) => ({
    eventId: id,
    type,
    schemaVersion: 1,
    sourceSystem: m.sourceSystem,
    occurredAt,
    tenantId: 'default',
    refs,
  });
  const where = Object.keys(location).length > 0 ? { location } : {};
  const description = get('description');
  const scan = (status: string, exceptionReason?: string): Draft => ({
    ...envelope(eventId, 'carrier.tracking.scanned'),
    payload: {
      trackingNumber,
      carrier: m.carrier,
      status,
      ...(exceptionReason ? { exceptionReason } : {}),
      carrierStatusCode: reasonCode ? `${code}/${reasonCode}` : code,
      ...(description ? { description } : {}),
      ...where,
      scannedAt: occurredAt,
    },
  });
  if (rule.kind === 'scan') {
    return [
      scan(
        rule.status,
        rule.status === 'exception' ? (mappedReason ?? rule.exceptionReason ?? 'delay') : undefined,
      ),
    ];
  }
  if (rule.kind === 'delivered') {
    const signedBy = get('signedBy');
    return [
      scan('delivered'),
      {
        ...envelope(`${eventId}-pod`, 'carrier.proof-of-delivery.recorded'),
        payload: {
          trackingNumber,
          carrier: m.carrier,
          deliveredAt: occurredAt,
          ...(signedBy ? { signedBy } : {}),
          ...where,
        },
      },
    ];
  }
  const previousEta = get('previousEta');
  return [
    {
      ...envelope(eventId, 'carrier.eta.updated'),
      payload: {
        trackingNumber,
        carrier: m.carrier,
        newEta: get('eta') ?? '',
        ...(previousEta ? { previousEta } : {}),
        ...(description ? { reason: description } : {}),
      },
    },
  ];
}

/**
 * Maps a carrier's own webhook body through its entry in carrier-webhooks.json. Unknown status
 * codes are issues (never silently skipped); the drafts still go through contract validation.
 */
export function mapCarrierWebhook(
  tables: MappingTables,
  carrier: string,
  body: unknown,
): WebhookResult | undefined {
  const m = tables.webhooks[carrier];
  if (!m) return undefined;
  const list = m.events === undefined ? [body] : at(body, m.events);
  if (!Array.isArray(list)) {
    return {
      ok: false,
      issues: [
        {
          index: 0,
          issue: {
            path: (m.events ?? '').split('.'),
            code: 'invalid_type',
            message: `${m.events} must be a list of events`,
          },
        },
      ],
    };
  }
  const drafts: { index: number; draft: Draft }[] = [];
  const issues: { index: number; issue: EventIssue }[] = [];
  list.forEach((item, index) => {
    const out = mapOne(m, item);
    for (const x of out) {
      if ('path' in x) issues.push({ index, issue: x });
      else drafts.push({ index, draft: x });
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, drafts };
}
