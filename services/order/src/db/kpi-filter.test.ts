import { describe, expect, it } from 'vitest';
import { orderFilterSql } from './kpi-filter.js';

describe('orderFilterSql', () => {
  it('takes every order that is not cancelled when nothing is filtered', () => {
    const params: unknown[] = [];
    expect(orderFilterSql({}, params)).toBe('o.cancelled_at IS NULL');
    expect(params).toEqual([]);
  });

  it('binds the site and the carrier as parameters, never into the text', () => {
    const params: unknown[] = ['earlier'];
    const sql = orderFilterSql({ site: "WH-'ATL", carrier: 'UPS' }, params);
    expect(sql).toBe('o.cancelled_at IS NULL AND o.site_id = $2 AND $3 = ANY(o.carriers)');
    expect(params).toEqual(['earlier', "WH-'ATL", 'UPS']);
  });

  it('combines every filter with AND, in a fixed order', () => {
    const params: unknown[] = [];
    const since = new Date('2026-01-01T00:00:00Z');
    const sql = orderFilterSql(
      { customerId: 'C-1', tier: 'retail', site: 'WH-1', carrier: 'FDX', since, until: since },
      params,
    );
    expect(sql).toBe(
      'o.cancelled_at IS NULL AND o.customer_id = $1 AND o.customer_tier = $2 AND o.site_id = $3' +
        ' AND $4 = ANY(o.carriers) AND o.ordered_at >= $5 AND o.ordered_at <= $6',
    );
    expect(params).toEqual(['C-1', 'retail', 'WH-1', 'FDX', since, since]);
  });
});
