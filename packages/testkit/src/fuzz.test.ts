import { describe, expect, it } from 'vitest';
import { mutateJson } from './fuzz.js';

describe('mutateJson', () => {
  const valid = { a: 1, b: { c: 'x' } };

  it('drops, renames, retypes and adds fields at any depth, leaving the input alone', () => {
    expect(mutateJson(valid, [{ kind: 'drop', at: 2, value: null, name: '' }])).toBe(
      '{"a":1,"b":{}}',
    );
    expect(mutateJson(valid, [{ kind: 'rename', at: 0, value: null, name: 'z' }])).toBe(
      '{"b":{"c":"x"},"z":1}',
    );
    expect(mutateJson(valid, [{ kind: 'retype', at: 1, value: [1], name: '' }])).toBe(
      '{"a":1,"b":[1]}',
    );
    expect(valid).toEqual({ a: 1, b: { c: 'x' } });
  });

  it('puts a __proto__ key on the wire as a key, not as a prototype', () => {
    const text = mutateJson(valid, [{ kind: 'add', at: 0, value: { p: 1 }, name: '__proto__' }]);
    expect(text).toBe('{"a":1,"b":{"c":"x"},"__proto__":{"p":1}}');
    expect(({} as Record<string, unknown>)['p']).toBeUndefined();
  });
});
