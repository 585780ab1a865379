import type { CrmCase } from './crm-case.js';

export interface SyncRequest {
  jobId: string;
  case: CrmCase;
  /** The CRM's id from an earlier successful send: update it. Absent: create the record. */
  crmId?: string;
  /**
   * An earlier send may already have created the record (this job's previous attempt lost its
   * response, or an earlier job for the case died): find or upsert by the external id instead
   * of a blind create.
   */
  mayExist: boolean;
}

export interface SyncResult {
  /** Salesforce Case Id, Zendesk ticket id, or the webhook receiver's id when it returns one. */
  crmId?: string;
}

/** One CRM behind one interface; each adapter maps CrmCase to that CRM's real REST shapes. */
export interface CrmAdapter {
  readonly system: 'webhook' | 'salesforce' | 'zendesk';
  sync(req: SyncRequest): Promise<SyncResult>;
}

/** A failed send; `retriable` false means retrying the same request cannot succeed. */
export class CrmSendError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CrmSendError';
  }
}

/** Timeouts, throttling and server errors pass; other 4xx are the request's own fault. */
export const retriableStatus = (status: number): boolean =>
  status === 408 || status === 425 || status === 429 || status >= 500;
