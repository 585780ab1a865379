import { createHash } from 'node:crypto';

/** Namespace of the order service's name-based ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('4f1c2b7e9a6d4e0b8c3f5a1d2e7b9c40', 'hex');

/**
 * RFC 4122 version-5 UUID of `name`: the same name always gives the same id, so a replay emits
 * exactly the ids the first run emitted and consumers deduplicate them.
 */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
