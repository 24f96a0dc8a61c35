import { AbortError } from "@azure/abort-controller";
import type { AbortSignalLike } from "@azure/abort-controller";

/**
 * Waits `ms` milliseconds on `setTimeout` (so fake timers control it); an abort ends the wait at
 * once with an `AbortError`. A zero wait sets no timer, so an immediate poll does not need the clock to move.
 */
export function sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError("The wait was aborted."));
      return;
    }
    if (ms <= 0) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError("The wait was aborted."));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
