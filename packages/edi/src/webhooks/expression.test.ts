import { describe, expect, it } from 'vitest';
import { compile, evaluate, type EvalContext } from './expression.js';

const tracker = {
  id: 'trk_1',
  carrier: 'DHLExpress',
  eta: null,
  legacy_eta: '2025-03-10',
  ts: 1744769412,
  location: { country: 'DEU' },
  weird: { nested: true },
};
const ctx: EvalContext = {
  scope: {
    body: { value: { tracker }, path: [] },
    tracker: { value: tracker, path: ['result'] },
  },
  timeZone: 'Europe/Berlin',
  tables: { carriers: { dhlexpress: 'dhl' } },
};
const run = (t: string) => evaluate(compile(t, ['body', 'tracker'], ['carriers']), ctx);

describe('the template language of carrier-webhooks.json', () => {
  it('joins text and placeholders, each through its transforms', () => {
    expect(run('x:{tracker.id}:{tracker.carrier|lower|lookup:carriers}')).toEqual({
      kind: 'value',
      value: 'x:trk_1:dhl',
      path: ['result', 'id'],
    });
    expect(run('{tracker.location.country|country}')).toMatchObject({ value: 'DE' });
    expect(run('{tracker.ts|unix}')).toMatchObject({ value: '2025-04-16T02:10:12Z' });
  });

  it('reads the first of several places that has a value, and a default for none', () => {
    expect(run('{tracker.eta ?? tracker.legacy_eta|instant}')).toMatchObject({
      value: '2025-03-10T00:00:00+01:00',
      path: ['result', 'legacy_eta'],
    });
    expect(run('{tracker.eta ?? tracker.nothing|or:none}')).toMatchObject({ value: 'none' });
    expect(run('{tracker.eta}')).toEqual({ kind: 'missing', path: ['result', 'eta'] });
  });

  it('is invalid, with the path, for an object where text is expected or a value a strict table lacks', () => {
    expect(run('{tracker.weird}')).toMatchObject({
      kind: 'invalid',
      path: ['result', 'weird'],
      code: 'invalid_type',
    });
    expect(run('{tracker.id|lookup:carriers}')).toMatchObject({
      kind: 'invalid',
      code: 'unknown_code',
    });
    expect(run('{tracker.id|lookup?:carriers}')).toMatchObject({ value: 'trk_1' });
    expect(run('{tracker.legacy_eta}T25:00 |> instant')).toMatchObject({
      kind: 'invalid',
      code: 'invalid_time',
    });
  });
});
