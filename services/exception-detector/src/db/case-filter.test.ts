import { describe, expect, it } from 'vitest';
import { caseFilterSql } from './case-filter.js';

describe('caseFilterSql', () => {
  it('adds nothing when nothing is filtered', () => {
    const params: unknown[] = [];
    expect(caseFilterSql({}, params)).toBe('');
    expect(params).toEqual([]);
  });

  it("binds the site after the caller's parameters and matches it on the case's order", () => {
    const params: unknown[] = [new Date(0), new Date(1)];
    const sql = caseFilterSql({ site: "WH-'ATL" }, params);
    expect(params).toEqual([new Date(0), new Date(1), "WH-'ATL"]);
    expect(sql).toMatch(
      /^AND EXISTS \(SELECT 1 FROM order_views o WHERE o.data ->> 'siteId' = \$3/,
    );
    expect(sql).not.toContain('ATL');
    // An order case is its own order; a shipment case goes through its shipment's order.
    expect(sql).toContain("WHEN 'order' THEN c.subject_id");
    expect(sql).toContain("WHEN 'shipment' THEN (SELECT s.order_id FROM shipment_views s");
  });

  it('combines every filter with AND, each value bound once, in a fixed order', () => {
    const params: unknown[] = [];
    const sql = caseFilterSql(
      { tier: 'retail', customer: 'C-1', carrier: 'ups', site: 'WH-1' },
      params,
    );
    expect(params).toEqual(['retail', 'C-1', 'ups', 'WH-1']);
    expect(sql.match(/^AND |\) AND | AND (?=c\.|EXISTS)/g)?.length).toBe(4);
    expect(sql.indexOf('$1')).toBeLessThan(sql.indexOf('$2'));
    expect(sql).toContain("s.data ->> 'carrier' = $3");
    expect(sql).toContain("o.data ->> 'siteId' = $4");
  });
});
