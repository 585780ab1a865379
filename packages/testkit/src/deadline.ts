import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What the watchdog needs of vitest's TestProject (typed here so testkit does not import vitest). */
export interface WatchedProject {
  config: { root: string };
  globTestFiles(): Promise<{ testFiles: string[] }>;
  vitest: { state: { getFiles(): { filepath: string; result?: { state?: string } }[] } };
}

/** Where a run that passed its deadline leaves the files it never finished; infra/test.sh reads it. */
export const STALL_REPORT = '.test-stalled.json';

const FINISHED = new Set(['pass', 'fail', 'skip', 'todo']);

/** Test files with no final result: running, or never started. */
export async function unfinishedFiles(project: WatchedProject): Promise<string[]> {
  const done = new Set(
    project.vitest.state
      .getFiles()
      .filter((f) => FINISHED.has(f.result?.state ?? ''))
      .map((f) => f.filepath),
  );
  const { testFiles } = await project.globTestFiles();
  return testFiles.filter((f) => !done.has(f)).map((f) => path.relative(project.config.root, f));
}

/** Every process below `pid`, deepest first, from `ps` (present on Linux and macOS). */
export async function descendantsOf(pid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-A', '-o', 'pid=,ppid=']);
  const children = new Map<number, number[]>();
  for (const line of stdout.split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (!child || parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const out: number[] = [];
  const visit = (p: number) => {
    for (const c of children.get(p) ?? []) {
      visit(c);
      out.push(c);
    }
  };
  visit(pid);
  return out;
}

/**
 * A test worker whose event loop is blocked, or that waits on a message that never comes, is out
 * of reach of vitest's test and hook timeouts: the run then hangs until CI kills it, and says
 * nothing about where. This deadline ends such a run: it names the unfinished files on stderr and
 * in STALL_REPORT, kills the workers and whatever they started, and exits 124 (as timeout(1)).
 */
export function armDeadline(project: WatchedProject, minutes: number): () => void {
  const started = Date.now();
  const timer = setTimeout(() => {
    void (async () => {
      const files = await unfinishedFiles(project).catch(() => [] as string[]);
      const report = { minutes, startedAt: new Date(started).toISOString(), files };
      writeFileSync(path.join(project.config.root, STALL_REPORT), `${JSON.stringify(report)}\n`);
      process.stderr.write(
        `\n[testkit] the test run passed its ${minutes}-minute deadline (FOREWARN_TEST_DEADLINE_MIN); ` +
          `unfinished: ${files.join(', ') || '(none known)'}\n`,
      );
      for (const pid of await descendantsOf(process.pid).catch(() => [] as number[])) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      process.exit(124);
    })();
  }, minutes * 60_000);
  timer.unref();
  return () => clearTimeout(timer);
}
