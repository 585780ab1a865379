import type {
  CaseEscalated,
  CaseOpened,
  CaseResolved,
  CaseSlaBreached,
  CaseSlaWarning,
  CaseUpdated,
} from '@forewarn/contracts';
import { eventTypeByName } from '@forewarn/contracts';
import { ID_SCHEMES, nameUuid } from '@forewarn/runtime/platform';
import type { Case, CaseEmit } from './case.js';

export const DETECTOR_SOURCE = 'forewarn:exception-detector';

export type CaseEvent =
  CaseOpened | CaseUpdated | CaseResolved | CaseEscalated | CaseSlaWarning | CaseSlaBreached;

const def = <T>(v: T | undefined) => v ?? undefined;

function header(c: Case) {
  return {
    caseId: c.caseId,
    caseType: c.caseType,
    subject: c.subject,
    priority: c.priority,
    customerId: def(c.party.customerId),
    customerTier: def(c.party.tier),
    orderId: def(c.party.orderId),
    shipmentId: def(c.party.shipmentId),
    assignee: { userId: def(c.assignee.userId), queue: c.assignee.queue },
  };
}

function snapshot(c: Case) {
  return {
    ...header(c),
    origin: c.origin,
    status: c.status,
    escalationLevel: c.escalationLevel,
    title: c.title,
    explanation: c.explanation,
    sla: {
      firstResponseDueAt: c.sla.firstResponseDueAt,
      resolutionDueAt: c.sla.resolutionDueAt,
      firstRespondedAt: def(c.sla.firstRespondedAt),
    },
    remedy: c.remedy
      ? {
          kind: c.remedy.kind,
          creditPercent: def(c.remedy.creditPercent),
          amount: def(c.remedy.amount),
          description: c.remedy.description,
          dueBy: def(c.remedy.dueBy),
        }
      : undefined,
    orderValue: def(c.party.orderValue),
    customerNotified: c.customerNotified,
    openedAt: c.openedAt,
  };
}

/**
 * The contract event for one emit. Its id hashes the case id and version, the emit's position
 * and its cause, so reprocessing the same input yields the same id (the outbox keeps one copy).
 */
export function toCaseEvent(
  c: Case,
  emit: CaseEmit,
  index: number,
  at: Date,
  causationId?: string,
): CaseEvent {
  const envelope = {
    eventId: nameUuid(
      ID_SCHEMES.detector,
      'case-event',
      c.caseId,
      String(c.version),
      emit.type,
      String(index),
      causationId ?? '',
    ),
    // The newest version of the type: the one whose envelope has no tenantId.
    schemaVersion: eventTypeByName(emit.type)?.version ?? 1,
    sourceSystem: DETECTOR_SOURCE,
    occurredAt: at.toISOString(),
    causationId: def(causationId),
    refs: {
      customerId: def(c.party.customerId),
      orderId: def(c.party.orderId),
      poNumber: def(c.party.poNumber),
      shipmentId: def(c.party.shipmentId),
      trackingNumbers: c.party.trackingNumber ? [c.party.trackingNumber] : undefined,
    },
  };
  switch (emit.type) {
    case 'case.opened':
      return { ...envelope, type: emit.type, payload: { ...snapshot(c), evidence: c.evidence } };
    case 'case.updated':
      return {
        ...envelope,
        type: emit.type,
        payload: {
          ...snapshot(c),
          change: emit.change,
          newEvidence: emit.newEvidence,
          note: def(emit.note),
        },
      };
    case 'case.resolved': {
      const r = c.resolution;
      return {
        ...envelope,
        type: emit.type,
        payload: {
          ...snapshot(c),
          resolution: r?.kind ?? 'closed_no_action',
          resolutionReason: r?.reason ?? '',
          resolvedAt: r?.at ?? at.toISOString(),
          slaMet: r?.slaMet ?? false,
        },
      };
    }
    case 'case.escalated':
      return {
        ...envelope,
        type: emit.type,
        payload: {
          ...snapshot(c),
          fromLevel: emit.fromLevel,
          toLevel: emit.toLevel,
          reason: emit.reason,
          responseDueAt: emit.responseDueAt,
        },
      };
    case 'case.sla-warning':
      return {
        ...envelope,
        type: emit.type,
        payload: {
          ...header(c),
          clock: emit.clock,
          dueAt: emit.dueAt,
          remainingMinutes: emit.remainingMinutes,
        },
      };
    case 'case.sla-breached':
      return {
        ...envelope,
        type: emit.type,
        payload: {
          ...header(c),
          clock: emit.clock,
          dueAt: emit.dueAt,
          breachedAt: emit.breachedAt,
        },
      };
  }
}
