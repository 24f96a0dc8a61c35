/**
 * A virtual clock for runs that wait minutes (rate-limit windows, Retry-After): it replaces
 * `setTimeout`, `clearTimeout` and `Date.now`, and `drive()` jumps to the next timer whenever the
 * process has nothing else to do. `setImmediate` stays real, so msw's in-process I/O still runs.
 * What it reports is the time the run would take on a real clock whose requests cost nothing.
 */
export interface VirtualClock {
  /** Virtual milliseconds since the epoch. */
  now(): number;
  /** Runs `work` to completion, advancing virtual time when everything waits on a timer. */
  drive<T>(work: Promise<T>): Promise<T>;
  /** Puts the real timers and `Date.now` back. */
  uninstall(): void;
}

interface Timer {
  id: number;
  at: number;
  /** Creation order, so timers due at the same instant fire in the order they were set. */
  order: number;
  callback: (...args: unknown[]) => void;
  args: unknown[];
}

/** Turns of the event loop with no progress before time jumps; covers promise chains that hop through setImmediate. */
const IDLE_TURNS = 3;
/** Turns with no timer and no settled work before the run counts as stuck (a request that never answers). */
const STALL_TURNS = 100_000;

export function installVirtualClock(start = Date.now()): VirtualClock {
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, dateNow: Date.now, setImmediate: globalThis.setImmediate };
  const timers = new Map<number, Timer>();
  let now = start;
  let nextId = 1;
  let order = 0;

  const handle = (id: number) => ({
    ref: () => handle(id),
    unref: () => handle(id),
    hasRef: () => true,
    refresh: () => handle(id),
    [Symbol.toPrimitive]: () => id,
  });

  const fakeSetTimeout = (callback: unknown, ms?: number, ...args: unknown[]) => {
    const id = nextId++;
    if (typeof callback === "function") {
      timers.set(id, { id, at: now + Math.max(0, Number(ms) || 0), order: order++, callback: callback as Timer["callback"], args });
    }
    return handle(id);
  };
  const fakeClearTimeout = (timer: unknown) => {
    if (timer !== undefined && timer !== null) timers.delete(Number(timer));
  };

  globalThis.setTimeout = fakeSetTimeout as unknown as typeof globalThis.setTimeout;
  globalThis.clearTimeout = fakeClearTimeout as typeof globalThis.clearTimeout;
  Date.now = () => now;

  const turn = (): Promise<void> => new Promise((resolve) => real.setImmediate(resolve));
  const earliest = (): Timer | undefined => {
    let first: Timer | undefined;
    for (const timer of timers.values()) {
      if (!first || timer.at < first.at || (timer.at === first.at && timer.order < first.order)) first = timer;
    }
    return first;
  };

  return {
    now: () => now,
    async drive(work) {
      let settled = false;
      const done = work.finally(() => {
        settled = true;
      });
      done.catch(() => undefined);
      let stalled = 0;
      while (!settled) {
        for (let i = 0; i < IDLE_TURNS && !settled; i++) await turn();
        if (settled) break;
        const next = earliest();
        if (!next) {
          if (++stalled > STALL_TURNS) throw new Error("Failed to drive the virtual clock: the run waits on neither a timer nor I/O. A request probably never got an answer.");
          continue;
        }
        stalled = 0;
        now = Math.max(now, next.at);
        // Every timer due by now fires in the same turn, as Node's timers phase does; one at a
        // time would let the first woken task take what the others were waiting for.
        const due = [...timers.values()].filter((timer) => timer.at <= now).sort((a, b) => a.at - b.at || a.order - b.order);
        for (const timer of due) {
          if (!timers.delete(timer.id)) continue;
          timer.callback(...timer.args);
        }
      }
      return done;
    },
    uninstall() {
      globalThis.setTimeout = real.setTimeout;
      globalThis.clearTimeout = real.clearTimeout;
      Date.now = real.dateNow;
      timers.clear();
    },
  };
}
