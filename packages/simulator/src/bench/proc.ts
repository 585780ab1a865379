import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessUsage {
  /** User and system CPU, seconds, since the process started. */
  userSeconds: number;
  systemSeconds: number;
  /** Resident set now and its peak (high-water mark), MiB. */
  rssMiB: number;
  peakRssMiB: number;
}

/** utime and stime (fields 14 and 15) of /proc/<pid>/stat, in clock ticks. */
export function parseProcStat(stat: string): { utime: number; stime: number } {
  // The command name (field 2) may hold spaces and parentheses; fields are counted after its ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  return { utime, stime };
}

/** VmRSS and VmHWM of /proc/<pid>/status, in kB. */
export function parseProcStatus(status: string): { vmRssKb: number; vmHwmKb: number } {
  const kb = (name: string) => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m) throw new Error(`${name} missing from /proc/<pid>/status`);
    return Number(m[1]);
  };
  return { vmRssKb: kb('VmRSS'), vmHwmKb: kb('VmHWM') };
}

let ticks: number | undefined;
function clockTicksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** CPU and memory of a live process, from /proc; undefined once it has gone. */
export function readUsage(pid: number): ProcessUsage | undefined {
  try {
    const { utime, stime } = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const { vmRssKb, vmHwmKb } = parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
    const hz = clockTicksPerSecond();
    return {
      userSeconds: utime / hz,
      systemSeconds: stime / hz,
      rssMiB: vmRssKb / 1024,
      peakRssMiB: vmHwmKb / 1024,
    };
  } catch {
    return undefined;
  }
}

/** What a process used between two readings: CPU is the difference, memory the later reading. */
export function usageBetween(before: ProcessUsage, after: ProcessUsage): ProcessUsage {
  return {
    userSeconds: after.userSeconds - before.userSeconds,
    systemSeconds: after.systemSeconds - before.systemSeconds,
    rssMiB: after.rssMiB,
    peakRssMiB: after.peakRssMiB,
  };
}

/** Pids of live processes whose command line matches, read from /proc. */
export function findPids(matches: (cmdline: string) => boolean): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (matches(cmdline)) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Readings of a set of processes (e.g. PostgreSQL's backends), by pid. */
export function readEach(pids: readonly number[]): Map<number, ProcessUsage> {
  const out = new Map<number, ProcessUsage>();
  for (const pid of pids) {
    const u = readUsage(pid);
    if (u) out.set(pid, u);
  }
  return out;
}

/**
 * What a changing set of processes used between two readings: CPU of those alive at the end
 * (since the first reading, or since they started if they are new), memory summed at the end.
 * Processes that exited in between are missed, so this is a lower bound.
 */
export function groupUsageBetween(
  before: ReadonlyMap<number, ProcessUsage>,
  after: ReadonlyMap<number, ProcessUsage>,
): ProcessUsage {
  const total: ProcessUsage = { userSeconds: 0, systemSeconds: 0, rssMiB: 0, peakRssMiB: 0 };
  const zero: ProcessUsage = { ...total };
  for (const [pid, a] of after) {
    const d = usageBetween(before.get(pid) ?? zero, a);
    total.userSeconds += d.userSeconds;
    total.systemSeconds += d.systemSeconds;
    total.rssMiB += d.rssMiB;
    total.peakRssMiB += d.peakRssMiB;
  }
  return total;
}
