import { createHash, randomBytes } from 'node:crypto';

/**
 * The one place ids are made. New ids are UUIDv7 (RFC 9562 §5.7): they sort by creation time,
 * so rows and events keyed by them index and page in insertion order. Ids that must come out
 * the same on every replay (events are de-duplicated on them) are name-based: a hash of what
 * the id names, stamped with a version and the RFC variant.
 */

function format(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function stamp(bytes: Uint8Array, version: number): Uint8Array {
  bytes[6] = (bytes[6]! & 0x0f) | (version << 4);
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return bytes;
}

let lastMs = -1;
let counter = 0;

/**
 * A time-ordered UUIDv7: 48 bits of unix milliseconds, then a 12-bit counter (RFC 9562 §6.2,
 * method 1) seeded at random each millisecond, so ids made in the same millisecond by this
 * process still sort in the order they were made; the remaining 62 bits are random.
 */
export function uuidV7(now: number = Date.now()): string {
  let ms = Math.max(now, lastMs);
  if (ms === lastMs) {
    counter++;
    // The counter ran out within one millisecond: borrow the next one (the RFC's advice).
    if (counter > 0xfff) {
      ms++;
      counter = randomBytes(2).readUInt16BE() & 0x7ff;
    }
  } else {
    // Seed below half the range so many ids fit in the same millisecond.
    counter = randomBytes(2).readUInt16BE() & 0x7ff;
  }
  lastMs = ms;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = counter >> 8;
  bytes[7] = counter & 0xff;
  return format(stamp(bytes, 7));
}

/** The unix milliseconds a UUIDv7 was made at. */
export function uuidV7Time(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

/**
 * How a service derives its replay-stable ids. They are frozen: changing any field changes
 * every id derived from then on, and a replay would then emit duplicates of events already
 * consumed. New code uses `rfc4122v5` with a namespace of its own.
 */
export interface NameScheme {
  readonly hash: 'sha1' | 'sha256';
  /** Hashed ahead of the name (RFC 4122 §4.3); empty for the schemes that never had one. */
  readonly namespace: string;
  readonly version: 5 | 8;
  /** Joins the parts of a name. */
  readonly separator: string;
}

/** An RFC 4122 / RFC 9562 §5.5 version-5 UUID scheme (SHA-1 over namespace and name). */
export function rfc4122v5(namespace: string, separator = '|'): NameScheme {
  return { hash: 'sha1', namespace, version: 5, separator };
}

/**
 * The schemes in use, by owner. The SHA-256 ones predate the kit and are kept byte for byte
 * (notification and ingestion label a SHA-256 name hash as version 5; the detector uses the
 * version-8 layout RFC 9562 gives for SHA-256 names, without a namespace).
 */
export const ID_SCHEMES = {
  order: rfc4122v5('4f1c2b7e-9a6d-4e0b-8c3f-5a1d2e7b9c40'),
  shipment: rfc4122v5('b7d1f0a4-51c3-4e5e-9a43-8f2d7f1c6a10'),
  notification: { hash: 'sha256', namespace: '', version: 5, separator: '\u001f' },
  ingestion: { hash: 'sha256', namespace: '', version: 5, separator: '\u0000' },
  detector: { hash: 'sha256', namespace: '', version: 8, separator: '\u001f' },
} as const satisfies Record<string, NameScheme>;

/** The id `scheme` gives the name made of `parts`: the same parts, the same id, on every replay. */
export function nameUuid(scheme: NameScheme, ...parts: readonly string[]): string {
  const hash = createHash(scheme.hash);
  if (scheme.namespace) hash.update(Buffer.from(scheme.namespace.replace(/-/g, ''), 'hex'));
  const digest = hash.update(parts.join(scheme.separator), 'utf8').digest();
  return format(stamp(digest.subarray(0, 16), scheme.version));
}
