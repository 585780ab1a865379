import type pg from 'pg';

export type PingResult = { ok: true; latencyMs: number } | { ok: false; error: string };

/** Readiness check: one round trip through the pool, bounded by timeoutMs. */
export async function pingDatabase(
  pool: Pick<pg.Pool, 'query'>,
  { timeoutMs = 2_000, now = () => performance.now() } = {},
): Promise<PingResult> {
  const started = now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([pool.query('SELECT 1'), timeout]);
    return { ok: true, latencyMs: now() - started };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
