import type { Logger } from '@forewarn/observability';

/**
 * Runs `work` every `intervalMs`, one run at a time: a slow run (a long backlog, a CRM timing out)
 * is not queued behind, the next tick starts once it is over. stop() waits for the run in flight.
 */
export function runEvery(
  intervalMs: number,
  work: () => Promise<unknown>,
  logger: Logger,
  what: string,
): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> | undefined;
  const handle = setInterval(() => {
    if (stopped || running) return;
    running = work()
      .then(
        () => undefined,
        (err: unknown) => logger.error({ err }, `${what} failed; retrying next tick`),
      )
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(handle);
      await running;
    },
  };
}
