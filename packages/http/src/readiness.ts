export type ReadinessCheck = () => Promise<void>;

export type CheckResult = { status: 'ok' } | { status: 'failed'; error: string };

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/**
 * Runs every check at once, each bounded by `timeoutMs`: a dependency that hangs (a broker that
 * accepts the TCP connection and never answers) must read as "not ready", not hang the probe.
 * Every check is reported, so the 503 names all the broken dependencies, not just the first.
 */
export async function runReadinessChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<ReadinessReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(
    names.map(async (name): Promise<[string, CheckResult]> => {
      const check = checks[name];
      if (!check) return [name, { status: 'failed', error: 'no check' }];
      try {
        await withTimeout(check, timeoutMs);
        return [name, { status: 'ok' }];
      } catch (err) {
        return [name, { status: 'failed', error: describe(err) }];
      }
    }),
  );
  const report = Object.fromEntries(results);
  return { ready: results.every(([, r]) => r.status === 'ok'), checks: report };
}

async function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // A check that throws synchronously is still just a failed check.
    await Promise.race([Promise.resolve().then(check), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
