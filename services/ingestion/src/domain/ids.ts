import { createHash } from 'node:crypto';

/**
 * A deterministic UUID (v5 layout over SHA-256) for the outbox row of a source event, so the same
 * (sourceSystem, eventId) always names the same message however often it is sent.
 */
export function outboxIdOf(sourceSystem: string, eventId: string): string {
  const h = createHash('sha256').update(`${sourceSystem}\u0000${eventId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
