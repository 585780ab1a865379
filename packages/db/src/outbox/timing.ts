/**
 * A sleep that can be cut short. A wake() that arrives while nobody waits is remembered, so a
 * NOTIFY received mid-batch still triggers the next batch at once instead of waiting a poll.
 */
export function createWaker() {
  let pending = false;
  let cutShort: (() => void) | undefined;
  return {
    wake(): void {
      pending = true;
      cutShort?.();
    },
    wait(ms: number): Promise<void> {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          cutShort = undefined;
          pending = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        cutShort = done;
      });
    },
  };
}
