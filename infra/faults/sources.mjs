// The simulated sources as real ones behave: a POST the stack could not take (connection
// refused or reset, a 5xx while a service or its database is down) is sent again until it is
// answered. Without this a killed ingestion would stop the simulator, not test Forewarn.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function retryingSourcesFetch(inner, { ports, giveUpMs }) {
  return async function fetchRetrying(input, init) {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'POST' || !ports.has(Number(url.port))) return inner(input, init);
    const giveUpAt = Date.now() + giveUpMs;
    let wait = 250;
    for (;;) {
      let res;
      let failure;
      try {
        res = await inner(input, init);
        if (res.status < 500) return res;
        failure = `${res.status}`;
        await res
          .clone()
          .arrayBuffer()
          .catch(() => undefined);
      } catch (err) {
        failure = err.cause?.code ?? err.message;
      }
      if (Date.now() + wait > giveUpAt) {
        if (res) return res;
        throw new Error(`${url.pathname}: no answer for ${giveUpMs / 1000} s (${failure})`);
      }
      retryingSourcesFetch.retries += 1;
      await sleep(wait);
      wait = Math.min(wait * 2, 2_000);
    }
  };
}
retryingSourcesFetch.retries = 0;
