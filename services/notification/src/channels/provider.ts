import { redactPersonalData } from '@forewarn/observability';
import type { Channel } from '../domain/channels.js';
import type { Rendered } from '../templates/template-store.js';

/** One message ready for a channel; the idempotency key travels to the provider. */
export interface OutgoingMessage {
  /** Notice id, or the digest's id when several notices go out as one. */
  messageId: string;
  contactId: string;
  /** Stable across retries and restarts: the provider-side deduplication key. */
  idempotencyKey: string;
  address: string;
  rendered: Rendered;
  /** Structured body for machine recipients (webhooks). */
  payload: Record<string, unknown>;
}

export interface SendResult {
  providerMessageId?: string;
}

/** What a provider could tell about a send whose outcome we never recorded. */
export type LookupResult = { status: 'sent'; providerMessageId?: string } | { status: 'not_sent' };

export interface ChannelProvider {
  readonly channel: Channel;
  /**
   * True when sending the same idempotency key twice reaches the recipient once (or is
   * recognisably the same message), so an unrecorded send may simply be repeated.
   */
  readonly dedupesByKey: boolean;
  send(msg: OutgoingMessage): Promise<SendResult>;
  /** For providers that do not dedupe: asks the provider whether the message went out. */
  lookup?(msg: OutgoingMessage, since: Date): Promise<LookupResult>;
}

/**
 * A failed send; `retriable` false means this address will never accept it (fail over or give
 * up). Its message is stored (`last_error`, the delivery log) and shown to staff and customers,
 * so the emails, phone numbers and credentials a provider echoes are taken out here.
 */
export class DeliveryError extends Error {
  readonly retriable: boolean;
  constructor(message: string, retriable: boolean, options?: { cause?: unknown }) {
    super(redactPersonalData(message), options);
    this.name = 'DeliveryError';
    this.retriable = retriable;
  }
}

/** HTTP statuses worth retrying: throttling, timeouts and server errors. */
export function retriableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // Network-level failures (refused, reset, timeout) are transient by nature.
  return new DeliveryError(message, true, { cause: err });
}
