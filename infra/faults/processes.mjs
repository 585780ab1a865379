// The real processes a fault hits: the stack's service processes (children of this process,
// started by the simulator's runDay), and how to kill, restart and pause them.
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`);
  } catch {
    return undefined;
  }
}

function parentOf(pid) {
  const stat = readProc(pid, 'stat')?.toString();
  // The command name (2nd field) may hold spaces; the fields after its closing paren do not.
  return stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : undefined;
}

const nulList = (buf) => buf.toString().split('\0').filter(Boolean);

/** This process's live children running a service's entry point (`*` : any service). */
function serviceChildren(service) {
  const entry = new RegExp(`services/${service === '*' ? '[^/]+' : service}/dist/main\\.js$`);
  const out = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!pid || parentOf(pid) !== process.pid) continue;
    const cmd = readProc(pid, 'cmdline');
    if (!cmd) continue;
    const argv = nulList(cmd);
    if (argv.some((a) => entry.test(a))) out.push({ pid, argv });
  }
  return out;
}

/**
 * Resolves once no service process of ours is left. The simulator's stop() waits for an exit
 * event that a child killed by a signal has already sent (it checks exitCode only), so after a
 * kill -9 it never resolves: the suite waits for the processes instead.
 */
export async function servicesGone(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (serviceChildren('*').length === 0) return;
    await sleep(200);
  }
  throw new Error(
    `service processes still running ${timeoutMs / 1000} s after stop: ${serviceChildren('*').map((c) => c.pid)}`,
  );
}

/**
 * Stops this process's service children (SIGTERM, then SIGKILL after `graceMs`): the suite is
 * stopped or crashed while a day was still being played, before runDay handed over its stop().
 */
export async function stopServices(graceMs = 15_000) {
  const signal = (sig) => {
    for (const { pid } of serviceChildren('*')) {
      try {
        process.kill(pid, sig);
      } catch {
        // gone meanwhile
      }
    }
  };
  signal('SIGTERM');
  try {
    await servicesGone(graceMs);
  } catch {
    signal('SIGKILL');
  }
}

/** The live process of `service` among this process's children, with what started it. */
export function findService(service) {
  for (const { pid, argv } of serviceChildren(service)) {
    const env = Object.fromEntries(
      nulList(readProc(pid, 'environ') ?? Buffer.alloc(0)).map((kv) => {
        const i = kv.indexOf('=');
        return [kv.slice(0, i), kv.slice(i + 1)];
      }),
    );
    return { pid, argv, env };
  }
  throw new Error(`no running process of ${service} under this suite`);
}

// The same bound as the simulator's start (FOREWARN_READY_TIMEOUT_S; run.sh gives 300 s).
const readyTimeoutMs = () => (Number(process.env.FOREWARN_READY_TIMEOUT_S) || 90) * 1000;

async function waitReady(service, port, child, timeoutMs = readyTimeoutMs()) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${service} exited with ${child.exitCode} on restart`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  throw new Error(`${service} not ready ${timeoutMs / 1000} s after its restart`);
}

/** Processes this suite started itself (restarts), stopped at the end of each scenario. */
export class Restarted {
  children = [];

  /** kill -9 the service, then start it again with the same command line and environment. */
  async killAndRestart(service, logDir) {
    const { pid, argv, env } = findService(service);
    process.kill(pid, 'SIGKILL');
    while (readProc(pid, 'stat')?.toString().split(') ')[1]?.startsWith('Z') === false)
      await sleep(50);
    const out = createWriteStream(path.join(logDir, `${service}.log`), { flags: 'a' });
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    this.children.push(child);
    const started = Date.now();
    await waitReady(service, env.HTTP_PORT, child);
    return { killedPid: pid, newPid: child.pid, readyMs: Date.now() - started };
  }

  async stopAll() {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
            child.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    this.children = [];
  }
}

/** SIGSTOP the service for `ms`, then SIGCONT, whatever happens in between. */
export async function pauseService(service, ms) {
  const { pid } = findService(service);
  process.kill(pid, 'SIGSTOP');
  try {
    await sleep(ms);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  return { pid };
}
