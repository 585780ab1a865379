import { createHash } from 'node:crypto';

/** A UUID-shaped id (version nibble 5, RFC variant) derived from the sha-256 of the parts. */
export function deterministicUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u001f')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The at-most-once key of a notice: one per (recipient, triggering event, template). The
 * recipient is a contact and route ("primary" chain or an extra exception channel).
 */
export function idempotencyKey(
  recipient: string,
  triggerEventId: string,
  template: string,
): string {
  return createHash('sha256').update(`${recipient}|${triggerEventId}|${template}`).digest('hex');
}
