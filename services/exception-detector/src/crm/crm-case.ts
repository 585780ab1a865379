import type { Case, CaseEmit } from '../domain/cases/case.js';
import type { CaseStatus, CaseType, EscalationLevel, Priority } from '../domain/types.js';
import type { CrmTarget } from './targets.js';

export const SYNCED_EMITS = [
  'case.opened',
  'case.updated',
  'case.resolved',
  'case.escalated',
] as const;
export type SyncTrigger = (typeof SYNCED_EMITS)[number];

/** What a CRM is told about one version of a case: the adapters map it to their request shapes. */
export interface CrmCase {
  caseId: string;
  version: number;
  trigger: SyncTrigger;
  caseType: CaseType;
  title: string;
  description: string;
  status: CaseStatus;
  priority: Priority;
  escalationLevel: EscalationLevel;
  origin: Case['origin'];
  customerId?: string;
  customerName?: string;
  customerEmail?: string;
  orderId?: string;
  poNumber?: string;
  shipmentId?: string;
  trackingNumber?: string;
  remedy?: string;
  resolutionDueAt: string;
  resolution?: string;
  openedAt: string;
  updatedAt: string;
}

/** One send of one case version to one target; the id makes recording it twice a no-op. */
export interface CrmJob {
  jobId: string;
  caseId: string;
  caseVersion: number;
  target: string;
  payload: CrmCase;
}

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** A creation outranks the rest: the CRM record must exist before it can be updated. */
function triggerOf(emits: readonly CaseEmit['type'][]): SyncTrigger | undefined {
  for (const t of ['case.opened', 'case.resolved', 'case.escalated', 'case.updated'] as const)
    if (emits.includes(t)) return t;
  return undefined;
}

function describe(c: Case): string {
  const refs = [
    c.party.poNumber && `PO ${c.party.poNumber}`,
    c.party.orderId && `order ${c.party.orderId}`,
    c.party.shipmentId && `shipment ${c.party.shipmentId}`,
    c.party.trackingNumber && `tracking ${c.party.trackingNumber}`,
  ].filter(Boolean);
  return [
    c.explanation,
    c.remedy ? `Suggested remedy: ${c.remedy.description}` : undefined,
    refs.length ? `References: ${refs.join(', ')}` : undefined,
    `Forewarn case ${c.caseId} (${c.caseType}), version ${c.version}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function toCrmCase(c: Case, trigger: SyncTrigger): CrmCase {
  return defined({
    caseId: c.caseId,
    version: c.version,
    trigger,
    caseType: c.caseType,
    title: c.title,
    description: describe(c),
    status: c.status,
    priority: c.priority,
    escalationLevel: c.escalationLevel,
    origin: c.origin,
    customerId: c.party.customerId,
    customerName: c.party.customerName,
    orderId: c.party.orderId,
    poNumber: c.party.poNumber,
    shipmentId: c.party.shipmentId,
    trackingNumber: c.party.trackingNumber,
    remedy: c.remedy?.description,
    resolutionDueAt: c.sla.resolutionDueAt,
    resolution: c.resolution ? `${c.resolution.kind}: ${c.resolution.reason}` : undefined,
    openedAt: c.openedAt,
    updatedAt: c.updatedAt,
  });
}

export const crmJobId = (caseId: string, version: number, target: string): string =>
  `${caseId}:${version}:${target}`;

/**
 * The CRM sends one decision calls for: one per target when the case was opened, updated,
 * resolved or escalated (SLA warnings and breaches stay internal until they escalate).
 */
export function crmJobsFor(
  c: Case,
  emits: readonly CaseEmit['type'][],
  targets: readonly CrmTarget[],
): CrmJob[] {
  const trigger = triggerOf(emits);
  if (!trigger || targets.length === 0) return [];
  const payload = toCrmCase(c, trigger);
  return targets.map((t) => ({
    jobId: crmJobId(c.caseId, c.version, t.name),
    caseId: c.caseId,
    caseVersion: c.version,
    target: t.name,
    payload,
  }));
}
