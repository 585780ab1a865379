/** A provider call that did not answer in time; whether it took effect is unknown. */
export class ProviderTimeout extends Error {
  readonly timedOut = true;
  constructor(what: string, ms: number) {
    super(`${what} got no answer within ${ms} ms`);
    this.name = 'ProviderTimeout';
  }
}

export const isTimeout = (err: unknown): err is ProviderTimeout => err instanceof ProviderTimeout;

/**
 * Settles with `work`, or rejects with ProviderTimeout after `ms`. The call itself is not
 * cancelled (the adapters bound their own sockets); the worker just stops waiting for it.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderTimeout(what, ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
