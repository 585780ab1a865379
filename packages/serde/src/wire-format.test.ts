import { describe, expect, it } from 'vitest';
import { DecodeError } from './errors.js';
import { frame, unframe } from './wire-format.js';

function decodeFailure(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DecodeError) return err;
    throw err;
  }
  throw new Error('expected a DecodeError');
}

describe('Confluent wire format', () => {
  it('writes magic 0 and the schema id big-endian before the payload', () => {
    const buf = frame(0x01020304, Buffer.from([9, 8]));
    expect([...buf]).toEqual([0, 1, 2, 3, 4, 9, 8]);
  });

  it('round-trips schema id and payload', () => {
    const out = unframe(frame(2_147_483_647, Buffer.from('abc')));
    expect(out.schemaId).toBe(2_147_483_647);
    expect(out.payload.toString()).toBe('abc');
  });

  it('accepts an empty payload after a full header', () => {
    expect(unframe(frame(7, Buffer.alloc(0))).payload.length).toBe(0);
  });

  it('rejects a buffer shorter than the header', () => {
    expect(decodeFailure(() => unframe(Buffer.from([0, 0, 0]))).reason).toBe('short-buffer');
  });

  it('rejects a wrong magic byte', () => {
    expect(decodeFailure(() => unframe(Buffer.from([1, 0, 0, 0, 1, 5]))).reason).toBe('bad-magic');
  });

  it('refuses schema ids outside int32', () => {
    expect(() => frame(-1, Buffer.alloc(0))).toThrow(RangeError);
    expect(() => frame(2 ** 31, Buffer.alloc(0))).toThrow(RangeError);
  });
});
