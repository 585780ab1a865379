import { describe, expect, it } from 'vitest';
import { acceptId, correlationIdFor, requestIdFor } from './request-context.js';

const fresh = () => 'generated';

describe('request ids', () => {
  it('keeps a usable incoming request id', () => {
    expect(requestIdFor({ 'x-request-id': 'lb-01HZX:42' }, fresh)).toBe('lb-01HZX:42');
  });

  it('generates one when it is absent, empty, too long or unsafe', () => {
    for (const value of [undefined, '', 'a'.repeat(129), 'a\nb', 'a, b', '<script>']) {
      expect(requestIdFor({ 'x-request-id': value }, fresh)).toBe('generated');
    }
  });

  it('defaults the correlation id to the request id', () => {
    expect(correlationIdFor({}, 'req-1')).toBe('req-1');
    expect(correlationIdFor({ 'x-correlation-id': 'flow-9' }, 'req-1')).toBe('flow-9');
    expect(correlationIdFor({ 'x-correlation-id': 'bad id' }, 'req-1')).toBe('req-1');
  });

  it('ignores repeated headers', () => {
    expect(acceptId(['a', 'b'])).toBeUndefined();
  });
});
