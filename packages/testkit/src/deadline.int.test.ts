import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { descendantsOf, STALL_REPORT } from './deadline.js';
import { eventually } from './test-env.js';

const fixture = fileURLToPath(new URL('../fixtures/stall/', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('test-run deadline (integration)', () => {
  afterEach(() => rmSync(path.join(fixture, STALL_REPORT), { force: true }));

  it('lists a process tree: a child and its own child', async () => {
    const child = spawn(process.execPath, [
      '-e',
      "require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'inherit' }); setTimeout(() => {}, 30000)",
    ]);
    try {
      await new Promise((r) => setTimeout(r, 500));
      const tree = await descendantsOf(process.pid);
      expect(tree).toContain(child.pid);
      const below = await descendantsOf(child.pid!);
      expect(below).toHaveLength(1);
      expect(tree.indexOf(below[0]!)).toBeLessThan(tree.indexOf(child.pid!));
      for (const pid of below) process.kill(pid, 'SIGKILL');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('ends a run whose worker is blocked: exit 124, the file named, the worker killed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stall-'));
    const pidFile = path.join(dir, 'pid');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const vitest = execFile(
        'pnpm',
        ['exec', 'vitest', 'run', '--config', 'vitest.config.mjs'],
        {
          cwd: fixture,
          env: { ...process.env, FOREWARN_TEST_DEADLINE_MIN: '0.1', STALL_DIR: dir },
        },
        (err, _stdout, stderr) => resolve({ code: err ? (err.code as number) : 0, stderr }),
      );
      vitest.stdin?.end();
    });
    expect(result.code).toBe(124);
    expect(result.stderr).toContain('unfinished: blocked.stall.mjs');
    const report = JSON.parse(readFileSync(path.join(fixture, STALL_REPORT), 'utf8')) as {
      files: string[];
    };
    expect(report.files).toEqual(['blocked.stall.mjs']);
    expect(existsSync(pidFile)).toBe(true);
    // Killed, then reaped once the exited run's orphans pass to init.
    const worker = Number(readFileSync(pidFile, 'utf8'));
    await eventually(() => (alive(worker) ? undefined : true), { what: 'worker gone' });
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
