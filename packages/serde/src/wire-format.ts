import { DecodeError } from './errors.js';

/** Confluent wire format: magic byte 0, then the schema id as a big-endian int32. */
export const MAGIC_BYTE = 0;
export const HEADER_LENGTH = 5;

export interface Framed {
  schemaId: number;
  payload: Buffer;
}

/** Prefixes an Avro payload with the Confluent header so any Confluent-aware reader can decode it. */
export function frame(schemaId: number, payload: Buffer): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0x7fffffff) {
    throw new RangeError(`schema id must be a non-negative int32, got ${schemaId}`);
  }
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, payload]);
}

/** Splits a framed message; the payload is a view on the same memory, not a copy. */
export function unframe(buf: Buffer): Framed {
  if (buf.length < HEADER_LENGTH) {
    throw new DecodeError(
      'short-buffer',
      `framed message needs at least ${HEADER_LENGTH} bytes, got ${buf.length}`,
    );
  }
  const magic = buf.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    throw new DecodeError('bad-magic', `expected magic byte ${MAGIC_BYTE}, got ${magic}`);
  }
  return { schemaId: buf.readInt32BE(1), payload: buf.subarray(HEADER_LENGTH) };
}
