import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  kafka: string;
  os: string;
  /** 1-minute load average when the bench started: other work on the machine (a shared host). */
  loadAtStart?: number;
}

function run(cmd: string, args: string[], cwd?: string): string | undefined {
  try {
    return execFileSync(cmd, args, {
      encoding: 'utf8',
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/** The broker's version from its command line (the jar folder names it), else KAFKA_VERSION. */
function kafkaVersion(): string {
  const ps = run('ps', ['-eo', 'args']) ?? '';
  const m = /kafka[_-](?:2\.\d+-)?(\d+\.\d+\.\d+)/.exec(ps);
  return m?.[1] ?? process.env.KAFKA_VERSION ?? 'unknown';
}

export function describeMachine(): Machine {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kafka: kafkaVersion(),
    os: `${os.type()} ${os.release()}`,
    loadAtStart: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

export function gitCommit(root: string): string {
  const sha = run('git', ['rev-parse', '--short', 'HEAD'], root) ?? 'unknown';
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no'], root);
  return dirty ? `${sha} (with uncommitted changes)` : sha;
}
