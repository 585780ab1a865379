import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idFilter } from './query-filters.js';

describe('idFilter', () => {
  const query = z.object({ site: idFilter('Only orders fulfilled from this site') });

  it('given no value, then the filter is off; given an id, then it is kept as sent', () => {
    expect(query.parse({})).toEqual({});
    expect(query.parse({ site: 'dc-east' })).toEqual({ site: 'dc-east' });
  });

  it('given an empty or an over-long id, then the query is refused', () => {
    expect(query.safeParse({ site: '' }).success).toBe(false);
    expect(query.safeParse({ site: 'x'.repeat(201) }).success).toBe(false);
    expect(query.safeParse({ site: 'x'.repeat(200) }).success).toBe(true);
  });

  it('documents what the route says it selects', () => {
    expect(z.toJSONSchema(query).properties?.site).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Only orders fulfilled from this site',
    });
  });
});
