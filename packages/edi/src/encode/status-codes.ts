import type { EventOfType } from '@forewarn/contracts';
import type { At7Rule, StatusRule } from '../mapping/tables.js';

/** What a 214 or a carrier webhook carries: tracking scans and ETA updates (a delivered scan carries the POD). */
export type StatusEvent =
  EventOfType<'carrier.tracking.scanned'> | EventOfType<'carrier.eta.updated'>;

/** What a canonical carrier event says, in the terms of a status table's rows. */
export type CarrierStatus =
  | { kind: 'scan'; status: string; exceptionReason?: string }
  | { kind: 'delivered' }
  | { kind: 'eta' };

/**
 * The code and reason code a carrier would send for a canonical status: the reverse of the
 * mapping, read from the same table, so what is written maps back to the same status. An
 * exception whose reason has no code of its own is written as the generic exception code with a
 * reason code. Throws when the tables cannot express the status (extend the table, as for reading).
 */
export function codeFor(
  codes: Readonly<Record<string, At7Rule>>,
  reasons: Readonly<Record<string, string | null>>,
  want: CarrierStatus,
  table: string,
): { code: string; reason?: string } {
  const rows = Object.entries(codes);
  if (want.kind !== 'scan') {
    const row = rows.find(([, r]) => r.kind === want.kind);
    if (!row) throw new Error(`${table} has no ${want.kind} code`);
    return { code: row[0] };
  }
  const scans = rows.filter(
    (e): e is [string, Extract<StatusRule, { kind: 'scan' }>] =>
      e[1].kind === 'scan' && e[1].status === want.status,
  );
  if (want.status !== 'exception') {
    if (!scans[0]) throw new Error(`${table} has no code for status ${want.status}`);
    return { code: scans[0][0] };
  }
  const reason = want.exceptionReason ?? 'delay';
  const own = scans.find(([, r]) => r.exceptionReason === reason);
  if (own) return { code: own[0] };
  const generic = scans.find(([, r]) => (r.exceptionReason ?? 'delay') === 'delay');
  const reasonCode = Object.entries(reasons).find(([, r]) => r === reason)?.[0];
  if (!generic || !reasonCode)
    throw new Error(`${table} cannot express an exception with reason ${reason}`);
  return { code: generic[0], reason: reasonCode };
}

/** The status a canonical carrier event states, as the tables' rows name it. */
export function statusOf(e: StatusEvent): CarrierStatus {
  if (e.type === 'carrier.eta.updated') return { kind: 'eta' };
  if (e.payload.status === 'delivered') return { kind: 'delivered' };
  return {
    kind: 'scan',
    status: e.payload.status,
    ...(e.payload.exceptionReason ? { exceptionReason: e.payload.exceptionReason } : {}),
  };
}
