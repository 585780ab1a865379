// node --test infra/faults/compare.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns, duplicateCases, duplicates, failed, missing } from './compare.mjs';

const obs = (over = {}) => ({
  inbox: [],
  received: [],
  cases: [],
  notices: [],
  attempts: [],
  deadLetters: [],
  sinks: { email: 0, sms: 0 },
  ...over,
});
const notice = (key, over = {}) => ({
  contact_id: 'c1',
  channel: 'email',
  idempotency_key: key,
  template: 't',
  status: 'sent',
  case_key: '',
  order_id: 'o1',
  shipment_id: '',
  trigger_type: 'x',
  ...over,
});
const source = (k) => !k.includes('forewarn:');

test('missing counts what the baseline has beyond the run, multiplicity included', () => {
  assert.deepEqual(missing(['a', 'a', 'b'], ['a']), { n: 2, examples: ['a', 'b'] });
  assert.equal(missing(['a'], ['a', 'z']).n, 0);
});

test('a key new to the run counts once as legitimate, a second copy as a duplicate', () => {
  assert.equal(duplicates([], ['k']).n, 0);
  assert.equal(duplicates([], ['k', 'k']).n, 1);
  assert.equal(duplicates(['k', 'k'], ['k', 'k']).n, 0);
  assert.equal(duplicates(['k'], ['k', 'k', 'k']).n, 2);
});

test('an identical run compares at zero', () => {
  const o = obs({
    inbox: ['orders/order/erp:x/1', 'orders/order/forewarn:shipment-service/9'],
    received: ['carrier:ups/2'],
    cases: [{ key: 'late|order:1' }],
    notices: [notice('n1')],
    attempts: [{ notice_id: 'a', n: 1 }],
    deadLetters: [{ topic: 'dlq.order', value: 'AA==', reason: 'decode-failed', error: '' }],
    sinks: { email: 1, sms: 0 },
  });
  const v = compareRuns(o, structuredClone(o), source);
  assert.equal(failed(v), false);
});

test('lost source events count, domain events with timing-dependent ids do not', () => {
  const base = obs({
    inbox: ['orders/order/erp:x/1', 'orders/order/forewarn:shipment-service/9'],
    received: ['carrier:ups/2'],
  });
  const run = obs({ inbox: ['orders/order/forewarn:shipment-service/8'] });
  const v = compareRuns(base, run, source);
  assert.equal(v.lost, 2);
  assert.equal(failed(v), true);
});

test('a second case of one type and subject, a double send and a healthy dead letter each fail the run', () => {
  const base = obs({
    cases: [{ key: 'late|order:1' }],
    notices: [notice('n1')],
    sinks: { email: 1 },
  });
  const run = obs({
    cases: [{ key: 'late|order:1' }, { key: 'late|order:1' }],
    notices: [notice('n1')],
    attempts: [{ notice_id: 'a', n: 2 }],
    sinks: { email: 2 },
    deadLetters: [
      { topic: 'dlq.order', value: 'QQ==', reason: 'handler-failed', error: 'ECONNREFUSED' },
    ],
  });
  const v = compareRuns(base, run, source);
  assert.equal(v.duplicateCases, 1);
  assert.equal(v.duplicateNotices, 2);
  assert.equal(v.healthyDeadLetters, 1);
  assert.match(v.detail.deadLetterReasons[0], /handler-failed: ECONNREFUSED/);
});

test("the day's malformed messages in the baseline's DLQ are not counted again", () => {
  const dl = { topic: 'dlq.order', value: 'AA==', reason: 'decode-failed', error: '' };
  assert.equal(
    compareRuns(obs({ deadLetters: [dl] }), obs({ deadLetters: [dl] }), source).healthyDeadLetters,
    0,
  );
  const again = compareRuns(obs({ deadLetters: [dl] }), obs({ deadLetters: [dl, dl] }), source);
  assert.equal(again.healthyDeadLetters, 0);
  assert.equal(again.detail.poisonDeadLetteredAgain, 1);
});

const kase = (key, ...evidence) => ({ key, evidence });

test('a silence-driven case beyond the baseline is a duplicate unless the fault silenced its subject, and then one only', () => {
  const feed = 'source_feed_stalled|source_system:carrier:fedex';
  const base = obs({ cases: [kase(feed, 't1')] });
  const two = obs({ cases: [kase(feed, 't1'), kase(feed, 't2')] });
  // The control, or a fault that silenced no feed (kill -9 of the detector): the day's sends
  // fix the feed's silences, so a second case is a duplicate.
  assert.deepEqual([duplicateCases(base, two).n, duplicateCases(base, two).silenceAllowed], [1, 0]);
  assert.equal(duplicateCases(obs(), obs({ cases: [kase(feed, 't1')] })).n, 1);
  // A killed ingestion stops the doors: fedex's own silence may add one case.
  const doors = new Set(['source_system:carrier:fedex', 'shipment:SHP-1']);
  const own = duplicateCases(base, two, doors);
  assert.deepEqual([own.n, own.silenceAllowed], [0, 1]);
  // A feed flapping through the fault's silence: one case per gap is what the suite must catch.
  const flapping = obs({ cases: ['t1', 't2', 't3', 't4'].map((t) => kase(feed, t)) });
  assert.equal(duplicateCases(base, flapping, doors).n, 2);
  // Another feed's silence is no allowance for this one.
  assert.equal(duplicateCases(base, two, new Set(['source_system:carrier:ups'])).n, 1);
  const fresh = 'stalled_shipment|shipment:SHP-1';
  assert.equal(duplicateCases(obs(), obs({ cases: [kase(fresh, 'r1')] }), doors).n, 0);
  assert.equal(duplicateCases(obs(), obs({ cases: [kase(fresh, 'r1')] })).n, 1);
  assert.equal(
    duplicateCases(obs(), obs({ cases: [kase(fresh, 'r1'), kase(fresh, 'r2')] }), doors).n,
    1,
  );
});

test('other case types get no allowance: a second case of one type and subject is a duplicate', () => {
  const late = 'late_shipment_risk|order:1';
  assert.equal(
    duplicateCases(
      obs({ cases: [kase(late, 'a')] }),
      obs({ cases: [kase(late, 'a'), kase(late, 'b')] }),
    ).n,
    1,
  );
});

test('two cases opened by the same evidence are one thing seen twice, within the allowance or not; a shared resolving message is not', () => {
  const feed = 'source_feed_stalled|source_system:erp:x';
  const silenced = new Set(['source_system:erp:x']);
  const resolvedByOne = obs({ cases: [kase(feed, 't1', 'm9'), kase(feed, 't2', 'm9')] });
  assert.equal(duplicateCases(obs({ cases: [kase(feed, 't0')] }), resolvedByOne, silenced).n, 0);
  const v = duplicateCases(
    obs({ cases: [kase(feed, 'timer@0')] }),
    obs({ cases: [kase(feed, 'timer@1'), kase(feed, 'timer@1', 'm2')] }),
    silenced,
  );
  assert.equal(v.n, 1);
  assert.match(
    compareRuns(obs(), obs({ cases: [kase(feed, 'e'), kase(feed, 'e')] }), source).detail
      .duplicateCaseExamples[0],
    /erp:x ×2/,
  );
});
