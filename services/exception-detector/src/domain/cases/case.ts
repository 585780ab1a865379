import type { CaseUpdated } from '@forewarn/contracts';
import type { Remedy, RemedyFacts } from '../remedy/remedy-policy.js';
import type { RemedyApproval } from '../remedy/remedy-approval.js';
import type { Cancel, Schedule } from '../rules/signals.js';
import type {
  CaseParty,
  CaseStatus,
  CaseType,
  EscalationLevel,
  Evidence,
  Priority,
  Resolution,
  SlaClock,
  Subject,
} from '../types.js';

export type CaseChange = CaseUpdated['payload']['change'];
export type StaffRole = 'csr' | 'team_lead' | 'ops_manager' | 'executive';

export interface SlaState {
  /** Calendar the business-hour clocks run on. */
  calendarId: string;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  firstRespondedAt?: string;
  /** Set while an escalation waits for its level's first response. */
  escalationResponseDueAt?: string;
  /** Set while waiting on the customer: the clocks stand still. */
  pausedAt?: string;
  breaches: SlaClock[];
}

export interface CustomerRequestRef {
  requestId: string;
  requestType: CaseType;
  at: string;
  message?: string;
  /** The customer asked before we told them: counts against the proactive ratio. */
  beforeWeNotified: boolean;
}

/** An exception case as the detector keeps it (one JSON document per case). */
export interface Case {
  caseId: string;
  caseType: CaseType;
  subject: Subject;
  origin: 'proactive' | 'customer';
  status: CaseStatus;
  priority: Priority;
  party: CaseParty;
  assignee: { userId?: string; queue: string };
  escalationLevel: EscalationLevel;
  title: string;
  explanation: string;
  openedAt: string;
  updatedAt: string;
  evidence: Evidence[];
  sla: SlaState;
  remedy?: Remedy;
  remedyReasoning: string[];
  remedyFacts: RemedyFacts;
  /** Who set the remedy by hand; a manual remedy is never replaced by a new suggestion. */
  remedySetBy?: string;
  /**
   * The last approval or refusal of a remedy over the CSR's credit limit, with the remedy it was
   * about; `remedyApprovalOf` (commands.ts) tells where the current remedy stands.
   */
  remedyApproval?: RemedyApproval;
  customerNotified: boolean;
  /** When we first told the customer (a notice sent, or a CSR marking it); absent if unknown. */
  customerNotifiedAt?: string;
  requests: CustomerRequestRef[];
  rcaRequired: boolean;
  linkedCaseIds: string[];
  claimedBy?: string;
  resolution?: { kind: Resolution; reason: string; at: string; by: string; slaMet: boolean };
  /** The CRM record per sync target, set by the CRM sync worker (never by a decision). */
  crm?: Record<string, CrmLink>;
  /** Bumped by every change; with the case id it names each emitted event. */
  version: number;
}

export interface CrmLink {
  system: string;
  externalId: string;
  linkedAt: string;
}

export type CaseEmit =
  | { type: 'case.opened' }
  | { type: 'case.updated'; change: CaseChange; newEvidence: Evidence[]; note?: string }
  | { type: 'case.resolved' }
  | {
      type: 'case.escalated';
      fromLevel: EscalationLevel;
      toLevel: EscalationLevel;
      reason: string;
      responseDueAt: string;
    }
  | { type: 'case.sla-warning'; clock: SlaClock; dueAt: string; remainingMinutes: number }
  | { type: 'case.sla-breached'; clock: SlaClock; dueAt: string; breachedAt: string };

export interface AuditEntry {
  at: string;
  actor: string;
  role?: string;
  action: string;
  detail: Record<string, unknown>;
}

/** What one decision does to one case: its new state, the events, the timers and the audit trail. */
export interface Decision {
  case: Case;
  emits: CaseEmit[];
  timers: (Schedule | Cancel)[];
  audit: AuditEntry[];
}

export const OPEN_STATUSES: readonly CaseStatus[] = ['open', 'in_progress', 'waiting_on_customer'];
export const isOpen = (c: Case): boolean => OPEN_STATUSES.includes(c.status);

/** Merges decisions on the same case, in order; the last state wins. */
export function chain(first: Decision, next: (c: Case) => Decision): Decision {
  const second = next(first.case);
  return {
    case: second.case,
    emits: [...first.emits, ...second.emits],
    timers: [...first.timers, ...second.timers],
    audit: [...first.audit, ...second.audit],
  };
}

export const noChange = (c: Case): Decision => ({ case: c, emits: [], timers: [], audit: [] });
