import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';

export interface ServiceSpec {
  name: string;
  port: number;
  env: Record<string, string>;
  /** Flags for node itself (e.g. --cpu-prof, which NODE_OPTIONS does not accept). */
  nodeArgs?: string[];
  /** Second and later instances of a service in the same consumer group (scale-out). */
  instance?: number;
}

const label = (spec: ServiceSpec) => (spec.instance ? `${spec.name}#${spec.instance}` : spec.name);

export interface RunningProcesses {
  urls: Record<string, string>;
  pids: Record<string, number>;
  /** Stops one process (by label, e.g. `order#2`) as an operator would: SIGTERM, then SIGKILL. */
  stopOne(label: string): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How long a started service has to answer /readyz: FOREWARN_READY_TIMEOUT_S, else 90 s. On a
 * loaded machine (load 30-45 on two cores) five services starting at once can take longer; the
 * fault suite, which starts the stack a dozen times under other work, gives them 300 s.
 */
export function readyTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const s = Number(env.FOREWARN_READY_TIMEOUT_S);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 90_000;
}

async function waitReady(
  name: string,
  url: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  throw new Error(
    `${name} not ready after ${timeoutMs / 1000} s (FOREWARN_READY_TIMEOUT_S); see ${logFile}`,
  );
}

/** Starts each service's built entry point as its own process, logs to files, waits for /readyz. */
export async function startServices(
  root: string,
  logDir: string,
  specs: ServiceSpec[],
  timeoutMs = readyTimeoutMs(),
): Promise<RunningProcesses> {
  const children: { name: string; child: ChildProcess }[] = [];
  const ended = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      // A child killed by a signal has no exit code, only a signal code.
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  const stop = async () => {
    for (const { child } of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(children.map(({ child }) => ended(child)));
  };
  const stopOne = async (label: string) => {
    const found = children.find((c) => c.name === label);
    if (!found) throw new Error(`no process ${label}`);
    if (found.child.exitCode === null && found.child.signalCode === null)
      found.child.kill('SIGTERM');
    await ended(found.child);
  };
  const urls: Record<string, string> = {};
  const pids: Record<string, number> = {};
  try {
    for (const spec of specs) {
      const logFile = path.join(logDir, `${label(spec)}.log`);
      const out = createWriteStream(logFile, { flags: 'a' });
      const child = spawn(
        process.execPath,
        [
          '--enable-source-maps',
          // V8 grows the heap lazily up to ~2 GB; capped, a service's collector runs sooner and
          // its resident memory stays under the 200 MB target (bench/RESULTS.md: peaks 145-176
          // MB at 128 against 214-275 MB uncapped, for ~12 % less throughput).
          `--max-old-space-size=${process.env.FOREWARN_SERVICE_HEAP_MB ?? '128'}`,
          // V8 grows the young generation to 32 MB whatever the old space's cap; 8 MB semi-spaces
          // take 16-20 MiB off each service at no measured CPU cost (bench/RESULTS.md, memory).
          `--max-semi-space-size=${process.env.FOREWARN_SERVICE_SEMI_SPACE_MB ?? '8'}`,
          ...(spec.nodeArgs ?? []),
          path.join(root, 'services', spec.name, 'dist', 'main.js'),
        ],
        {
          env: { ...process.env, ...spec.env, HTTP_PORT: String(spec.port) },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout?.pipe(out);
      child.stderr?.pipe(out);
      children.push({ name: label(spec), child });
      urls[label(spec)] = `http://127.0.0.1:${spec.port}`;
      pids[label(spec)] = child.pid ?? 0;
    }
    await Promise.all(
      children.map(({ name, child }) =>
        waitReady(name, urls[name]!, child, path.join(logDir, `${name}.log`), timeoutMs),
      ),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { urls, pids, stopOne, stop };
}
