import { vi } from "vitest";

/**
 * Settles `work` under fake timers: lets real I/O (msw) run, then jumps the fake clock to the next
 * pending timer, until `work` is done. Only setTimeout, clearTimeout and Date may be faked.
 */
export async function settleWithFakeTimers<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  done.catch(() => undefined);
  while (!settled) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!settled && vi.getTimerCount() > 0) await vi.advanceTimersToNextTimerAsync();
  }
  return done;
}

/** Fakes the clock and timers, leaving setImmediate real so msw's in-process I/O still runs. */
export function useFakeClock(): void {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
}
