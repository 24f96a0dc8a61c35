import { describe, expect, it, vi } from "vitest";
import { hasErrorCode } from "../../src/errors.js";
import { createIntegration } from "../../src/integration/index.js";
import { settleWithFakeTimers, useFakeClock } from "./drive-timers.js";
import { useFakeAzure } from "./setup.js";

const { azure, context, flights } = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };

/** A new cluster whose kubelet identity answers PrincipalNotFound to its first `attempts` role-assignment writes. */
function seedReplicatingCluster(attempts: number): string {
  azure.knobs.identityReplicationAttempts = attempts;
  azure.seed.cluster(CLUSTER);
  return (azure.seed.registry({ resourceGroup: "rg", name: "myacr" }) as { id: string }).id;
}

const putTimes = (): number[] => flights.filter((f) => f.method === "PUT").map((f) => f.at);
const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? 0));

describe("waiting for a new kubelet identity to replicate", () => {
  it("retries PrincipalNotFound with doubling waits and creates the assignment once the principal is known", async () => {
    const registry = seedReplicatingCluster(3);
    useFakeClock();

    const result = await settleWithFakeTimers(createIntegration(context(), CLUSTER).attach("myacr"));

    expect(result).toMatchObject({ created: true, attempts: 4 });
    expect(gaps(putTimes())).toEqual([2000, 4000, 8000]);
    expect(azure.state.roleAssignments({ scope: registry })).toHaveLength(1);
  });

  it("caps each wait at maxDelayMs", async () => {
    seedReplicatingCluster(4);
    useFakeClock();

    await settleWithFakeTimers(createIntegration(context(), CLUSTER).attach("myacr", { principalWait: { initialDelayMs: 1000, maxDelayMs: 3000 } }));

    expect(gaps(putTimes())).toEqual([1000, 2000, 3000, 3000]);
  });

  it("beyond the budget fails with PrincipalNotReady, saying how long it waited and that nothing was created", async () => {
    const registry = seedReplicatingCluster(5);
    useFakeClock();

    const error = await settleWithFakeTimers(
      createIntegration(context(), CLUSTER).attach("myacr", { principalWait: { attempts: 3 } }),
    ).catch((e: unknown) => e);

    expect(hasErrorCode(error, "PrincipalNotReady")).toBe(true);
    expect((error as Error).message).toMatch(/after 3 attempts over 6 s/);
    expect((error as Error).message).toMatch(/nothing was created/);
    expect(putTimes()).toHaveLength(3);
    expect(azure.state.roleAssignments({ scope: registry })).toEqual([]);
  });

  it("an abort during a wait ends at once with Aborted", async () => {
    seedReplicatingCluster(5);
    useFakeClock();
    const controller = new AbortController();

    const pending = createIntegration(context(), CLUSTER).attach("myacr", { abortSignal: controller.signal }).catch((e: unknown) => e);
    while (vi.getTimerCount() === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();

    expect(hasErrorCode(await pending, "Aborted")).toBe(true);
    expect(putTimes()).toHaveLength(1);
  });
});
