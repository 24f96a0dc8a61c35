import { afterEach, describe, expect, it } from "vitest";
import { installVirtualClock, type VirtualClock } from "../../bench/virtualClock.js";

let clock: VirtualClock | undefined;
afterEach(() => {
  clock?.uninstall();
  clock = undefined;
});

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("the benchmark's virtual clock", () => {
  it("moves Date.now by exactly the time waited, jumping to each timer", async () => {
    clock = installVirtualClock(1_000_000);
    const seen = await clock.drive(
      (async () => {
        await wait(60_000);
        const first = Date.now();
        await wait(30_000);
        return [first, Date.now()];
      })(),
    );
    expect(seen).toEqual([1_060_000, 1_090_000]);
  });

  it("fires every timer due at the same instant before anyone waiting on them can run again", async () => {
    clock = installVirtualClock(0);
    const order: string[] = [];
    const waiter = async (name: string): Promise<void> => {
      await wait(1_000);
      order.push(`${name} woke`);
      await Promise.resolve();
      order.push(`${name} ran on`);
    };
    await clock.drive(Promise.all([waiter("a"), waiter("b")]));
    expect(order.slice(0, 2)).toEqual(["a woke", "b woke"]);
  });

  it("does not fire a cleared timer", async () => {
    clock = installVirtualClock(0);
    let fired = false;
    const timer = setTimeout(() => {
      fired = true;
    }, 10);
    clearTimeout(timer);
    await clock.drive(wait(20));
    expect(fired).toBe(false);
    expect(clock.now()).toBe(20);
  });

  it("puts the real setTimeout and Date.now back", () => {
    const realSetTimeout = globalThis.setTimeout;
    const realNow = Date.now;
    installVirtualClock(0).uninstall();
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(Date.now).toBe(realNow);
  });
});
