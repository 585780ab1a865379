import { createHash } from 'node:crypto';

/** Namespace of every id this service derives (a fixed random UUID). */
const NAMESPACE = 'b7d1f0a4-51c3-4e5e-9a43-8f2d7f1c6a10';

/** RFC 4122 version-5 UUID of `name` in `namespace`: same input, same id, on every replay. */
export function uuidV5(name: string, namespace: string = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of a domain event: what caused it (an event id, a shipment id…) plus what it is. */
export function domainEventId(...parts: string[]): string {
  return uuidV5(parts.join('|'));
}
