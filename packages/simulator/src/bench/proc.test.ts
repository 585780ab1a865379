import { describe, expect, it } from 'vitest';
import {
  groupUsageBetween,
  parseProcStat,
  parseProcStatus,
  readUsage,
  usageBetween,
} from './proc.js';

describe('parseProcStat', () => {
  it('reads utime and stime after a command name holding spaces and parentheses', () => {
    const line =
      '4242 (node (main) x) S 1 4242 4242 0 -1 4194560 9046 0 0 0 1234 567 0 0 20 0 11 0 1000 1 2';
    expect(parseProcStat(line)).toEqual({ utime: 1234, stime: 567 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseProcStat('hello')).toThrow(/not a \/proc/);
  });
});

describe('parseProcStatus', () => {
  it('reads the resident set and its high-water mark in kB', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(parseProcStatus(status)).toEqual({ vmRssKb: 102400, vmHwmKb: 204800 });
  });
});

describe('readUsage', () => {
  it('reads this very process from /proc', () => {
    const u = readUsage(process.pid);
    expect(u?.rssMiB).toBeGreaterThan(1);
    expect(u!.peakRssMiB).toBeGreaterThanOrEqual(u!.rssMiB);
  });

  it('gives nothing for a process that does not exist', () => {
    expect(readUsage(2 ** 22 + 1)).toBeUndefined();
  });
});

describe('usageBetween', () => {
  it('subtracts CPU and keeps the later memory figures', () => {
    const a = { userSeconds: 1, systemSeconds: 0.5, rssMiB: 80, peakRssMiB: 90 };
    const b = { userSeconds: 4, systemSeconds: 1.5, rssMiB: 70, peakRssMiB: 120 };
    expect(usageBetween(a, b)).toEqual({
      userSeconds: 3,
      systemSeconds: 1,
      rssMiB: 70,
      peakRssMiB: 120,
    });
  });
});

describe('groupUsageBetween', () => {
  const u = (cpu: number, rss: number) => ({
    userSeconds: cpu,
    systemSeconds: 0,
    rssMiB: rss,
    peakRssMiB: rss,
  });

  it('counts survivors from the first reading, newcomers in full, and misses the departed', () => {
    const before = new Map([
      [1, u(10, 50)],
      [2, u(5, 20)],
    ]);
    const after = new Map([
      [1, u(12, 60)],
      [3, u(4, 30)],
    ]);
    expect(groupUsageBetween(before, after)).toEqual({
      userSeconds: 6,
      systemSeconds: 0,
      rssMiB: 90,
      peakRssMiB: 90,
    });
  });
});
