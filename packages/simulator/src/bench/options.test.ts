import { describe, expect, it } from 'vitest';
import { benchOptions } from './options.js';

describe('benchOptions', () => {
  it('defaults to a run that fits well inside ten minutes, profiling the detector', () => {
    const o = benchOptions([], {});
    expect(o).toMatchObject({
      orders: 300,
      burstShare: 0.7,
      profile: 'exception-detector',
      pacedRun: true,
    });
    expect(o.brokers).toEqual(['127.0.0.1:9092']);
    expect(o.basePort).toBe(4101);
    expect(o.describe()).not.toHaveProperty('databaseUrl');
  });

  it('takes sizes, no profile and no paced run from flags', () => {
    const o = benchOptions(
      ['--orders', '2500', '--profile', 'none', '--no-paced-run', '--paced-rate', '800'],
      {},
    );
    expect(o).toMatchObject({ orders: 2500, profile: '', pacedRun: false, pacedRate: 800 });
  });

  it('runs the stack on other ports with --base-port, beside a demo', () => {
    expect(benchOptions(['--base-port', '5101'], {}).basePort).toBe(5101);
    expect(() => benchOptions(['--base-port', 'x'], {})).toThrow(/--base-port/);
    expect(() => benchOptions(['--base-port', '65534'], {})).toThrow(/--base-port/);
  });

  it('runs every service as N instances with --instances, and stops the last ones under load', () => {
    expect(benchOptions([], {})).toMatchObject({ instances: 1, rebalanceAt: undefined });
    // Two or more instances: a rebalance under load 10 s in unless told otherwise.
    expect(benchOptions(['--instances', '2'], {})).toMatchObject({ instances: 2, rebalanceAt: 10 });
    expect(benchOptions(['--instances', '2', '--rebalance-at', '25'], {}).rebalanceAt).toBe(25);
    expect(benchOptions(['--instances', '3', '--rebalance-at', '0'], {}).rebalanceAt).toBe(
      undefined,
    );
    expect(benchOptions(['--instances', '2'], {}).describe()).toMatchObject({
      instances: 2,
      rebalanceAt: 10,
    });
    expect(() => benchOptions(['--instances', '0'], {})).toThrow(/--instances/);
    expect(() => benchOptions(['--instances', '1.5'], {})).toThrow(/--instances/);
    expect(() => benchOptions(['--rebalance-at', '10'], {})).toThrow(/--instances 2/);
  });

  it('refuses sizes that are not positive', () => {
    expect(() => benchOptions(['--orders', '0'], {})).toThrow(/--orders/);
    expect(() => benchOptions(['--burst-share', '1.5'], {})).toThrow(/--burst-share/);
  });
});
