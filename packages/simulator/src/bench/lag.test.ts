import { describe, expect, it } from 'vitest';
import { catchUp, groupPosition, serviceOfGroup, settled, type LagSample } from './lag.js';

const marks = new Map([
  [
    't.a',
    [
      { partition: 0, low: '0', high: '10' },
      { partition: 1, low: '5', high: '8' },
    ],
  ],
]);

describe('groupPosition', () => {
  it('sums committed offsets and what is left up to the high watermark', () => {
    const p = groupPosition(
      [
        { topic: 't.a', partition: 0, offset: '7' },
        { topic: 't.a', partition: 1, offset: '8' },
      ],
      marks,
    );
    expect(p).toEqual({ position: 15, lag: 3 });
  });

  it('counts a partition without a commit from its low watermark', () => {
    const p = groupPosition([{ topic: 't.a', partition: 1, offset: '-1' }], marks);
    expect(p).toEqual({ position: 5, lag: 3 });
  });

  it('ignores topics it has no watermarks for (deleted or not asked)', () => {
    expect(groupPosition([{ topic: 'gone', partition: 0, offset: '4' }], marks)).toEqual({
      position: 0,
      lag: 0,
    });
  });
});

const sample = (at: number, groups: LagSample['groups']): LagSample => ({ at, groups });

describe('catchUp', () => {
  const samples = [
    sample(0, { a: { position: 0, lag: 50 }, b: { position: 0, lag: 0 } }),
    sample(500, { a: { position: 40, lag: 10 }, b: { position: 10, lag: 20 } }),
    sample(1000, { a: { position: 50, lag: 0 }, b: { position: 25, lag: 5 } }),
    sample(1500, { a: { position: 50, lag: 0 }, b: { position: 30, lag: 0 } }),
    sample(2000, { a: { position: 50, lag: 0 }, b: { position: 30, lag: 0 } }),
  ];

  it('given a group that stops lagging and reading, it caught up at the first such sample', () => {
    expect(catchUp(samples, ['a'])).toEqual({ caughtUpAt: 1000, consumed: 50 });
  });

  it('given several groups of one service, it waits for the slowest', () => {
    expect(catchUp(samples, ['a', 'b'])).toEqual({ caughtUpAt: 1500, consumed: 80 });
  });

  it('given a group at zero lag that still reads more later, it had not caught up yet', () => {
    const moving = [
      sample(0, { a: { position: 10, lag: 0 } }),
      sample(500, { a: { position: 20, lag: 0 } }),
    ];
    expect(catchUp(moving, ['a']).caughtUpAt).toBe(500);
    expect(catchUp([...moving, sample(1000, { a: { position: 30, lag: 5 } })], ['a'])).toEqual({
      caughtUpAt: null,
      consumed: 20,
    });
  });
});

describe('settled', () => {
  it('is true only once every group has been idle at zero lag for the stable window', () => {
    const s = [
      sample(0, { a: { position: 5, lag: 1 } }),
      sample(500, { a: { position: 6, lag: 0 } }),
      sample(1500, { a: { position: 6, lag: 0 } }),
    ];
    expect(settled(s, 1000)).toBe(true);
    expect(settled(s, 1001)).toBe(false);
    expect(settled([], 0)).toBe(false);
    expect(settled([sample(0, {}), sample(5000, {})], 1000)).toBe(false);
  });
});

describe('serviceOfGroup', () => {
  it('maps a group to its service by name or name and suffix', () => {
    const services = ['order', 'ingestion'];
    expect(serviceOfGroup('order', services)).toBe('order');
    expect(serviceOfGroup('ingestion-feed-health', services)).toBe('ingestion');
    expect(serviceOfGroup('orderly', services)).toBe('orderly');
  });
});
