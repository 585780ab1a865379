/** Exit codes; documented in the README, and scripts branch on them. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, connectivity: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure with a message for the operator and the exit code it maps to. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(EXIT.usage, message);

/** Broker or HTTP unreachable: kafkajs connection errors and fetch network failures. */
export function isConnectivityError(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (/KafkaJS(Connection|NumberOfRetriesExceeded|BrokerNotFound|RequestTimeout)/.test(e.name))
      return true;
    if (e.name === 'TypeError' && e.message === 'fetch failed') return true;
    if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH/.test(e.message)) return true;
  }
  return false;
}
