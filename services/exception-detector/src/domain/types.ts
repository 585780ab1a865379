import type { CaseOpened, CaseResolved, CaseSlaBreached } from '@forewarn/contracts';

/** The shared vocabulary of the detector's pure domain, taken from the case event contract. */
export type CasePayload = CaseOpened['payload'];
export type CaseType = CasePayload['caseType'];
export type Priority = CasePayload['priority'];
export type Tier = NonNullable<CasePayload['customerTier']>;
export type CaseStatus = CasePayload['status'];
export type EscalationLevel = CasePayload['escalationLevel'];
export type RemedyKind = NonNullable<CasePayload['remedy']>['kind'];
export type Resolution = CaseResolved['payload']['resolution'];
export type SlaClock = CaseSlaBreached['payload']['clock'];
export type SubjectKind = CasePayload['subject']['kind'];

export interface Subject {
  kind: SubjectKind;
  id: string;
}

export interface Money {
  amountMinor: number;
  currency: string;
}

/** One fact a case cites: the event that showed it, and a sentence a CSR can read. */
export interface Evidence {
  eventId: string;
  type: string;
  occurredAt: string;
  summary: string;
}

/** Who and what a case is about, copied from the order and shipment projections. */
export interface CaseParty {
  customerId?: string;
  customerName?: string;
  tier?: Tier;
  accountRepId?: string;
  orderId?: string;
  poNumber?: string;
  shipmentId?: string;
  trackingNumber?: string;
  orderValue?: Money;
  region?: string;
  timezone?: string;
}

/**
 * Case, request and timer ids were first derived under a tenant name. One deployment serves one
 * distributor now; its ids keep that name in their derivation so rows written before stay found.
 */
export const ID_SCOPE = 'default';

export const subjectKey = (s: Subject): string => `${s.kind}:${s.id}`;
