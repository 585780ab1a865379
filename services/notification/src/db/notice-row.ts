import { createHash } from 'node:crypto';
import type { Channel, DeliveryMode, TemplateKey } from '../domain/channels.js';
import type { Destination } from '../domain/plan-notices.js';
import type { TemplateContext } from '../templates/template-store.js';

export type NoticeStatus =
  'pending' | 'sending' | 'unknown' | 'sent' | 'dead' | 'delivered' | 'bounced';

/** A notice as stored; snake_case mirrors the columns. */
export interface NoticeRow {
  notice_id: string;
  idempotency_key: string;
  customer_id: string;
  contact_id: string;
  recipient: string;
  template: TemplateKey;
  language: string;
  time_zone: string;
  destinations: Destination[];
  destination_index: number;
  channel: Channel;
  address: string;
  mode: DeliveryMode;
  critical: boolean;
  context: TemplateContext;
  trigger_event_id: string;
  trigger_type: string;
  case_id: string | null;
  order_id: string | null;
  shipment_id: string | null;
  tracking_reference: string | null;
  status: NoticeStatus;
  due_at: Date;
  next_attempt_at: Date;
  attempts: number;
  resends: number;
  channel_attempts: number;
  sending_since: Date | null;
  /** The worker holding the send, and until when unless it renews (see db/lease.ts). */
  lease_owner: string | null;
  lease_until: Date | null;
  /** Set when the provider accepted the send but recording it failed: settle as sent, never resend. */
  accepted_at: Date | null;
  batch_id: string | null;
  provider_message_id: string | null;
  sent_at: Date | null;
  last_error: string | null;
  created_at: Date;
  /** The trigger's trace context (`traceparent`), with tracing on. */
  trace_context: Record<string, string> | null;
}

/**
 * The key the provider sees. The same for every retry and restart of a notice; a deliberate
 * resend (API) gets a new one, since the recipient would otherwise drop it as a duplicate.
 */
export function providerKey(row: Pick<NoticeRow, 'idempotency_key' | 'resends'>): string {
  if (row.resends === 0) return row.idempotency_key;
  return createHash('sha256').update(`${row.idempotency_key}:resend:${row.resends}`).digest('hex');
}
