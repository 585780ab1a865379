import { describe, expect, it } from 'vitest';
import { alpha2Of } from './countries.js';

describe('a country code as ISO 3166-1 alpha-2', () => {
  it('keeps alpha-2 and maps every alpha-3, not only the common ones', () => {
    expect(alpha2Of('us')).toBe('US');
    expect(alpha2Of('USA')).toBe('US');
    expect(alpha2Of('deu')).toBe('DE');
    expect(alpha2Of('ISL')).toBe('IS');
    expect(alpha2Of('ZWE')).toBe('ZW');
    expect(alpha2Of('ALA')).toBe('AX');
  });

  it('refuses what is no ISO 3166-1 code', () => {
    for (const bad of ['XYZ', 'U', 'UNITED STATES', '840', ''])
      expect(alpha2Of(bad), bad).toBe(undefined);
  });
});
