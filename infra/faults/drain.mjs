// Waits until the stack has nothing left to do: no consumer lag, no notice or outbox row in
// flight, and the counts unchanged over several polls. Bounded: the error names what did not drain.
import { readPending } from './observe.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function text(url) {
  try {
    return await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();
  } catch {
    return undefined;
  }
}

export async function drain({
  urls,
  databaseUrl,
  sumMetric,
  timeoutMs,
  /** The stack's simulated time (ms); notices due later are not waited for. */
  simNow = () => 8.64e15,
  pollMs = 2_000,
  stablePolls = 3,
}) {
  const started = Date.now();
  let last = '';
  let stable = 0;
  let blockers = [];
  while (Date.now() - started < timeoutMs) {
    blockers = [];
    for (const [service, url] of Object.entries(urls)) {
      const metrics = await text(`${url}/metrics`);
      if (metrics === undefined) blockers.push(`${service} /metrics does not answer`);
      else {
        const lag = sumMetric(metrics, 'forewarn_kafka_consumer_lag');
        if (lag > 0) blockers.push(`${service} consumer lag ${lag}`);
      }
    }
    let snapshot = '';
    try {
      const { pending, sizes } = await readPending(databaseUrl, new Date(simNow()));
      for (const [what, n] of Object.entries(pending)) if (n > 0) blockers.push(`${n} ${what}`);
      snapshot = JSON.stringify(sizes);
    } catch (err) {
      blockers.push(`database: ${err.message}`);
    }
    stable = blockers.length === 0 && snapshot === last ? stable + 1 : 0;
    if (blockers.length === 0 && snapshot !== last)
      blockers.push(`counts still changing (${snapshot})`);
    last = snapshot;
    if (stable >= stablePolls) return Date.now() - started;
    await sleep(pollMs);
  }
  throw new Error(
    `did not drain within ${timeoutMs / 1000} s: ${blockers.join('; ') || 'counts still changing'}`,
  );
}
