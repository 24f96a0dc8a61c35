import { describe, expect, it } from "vitest";
import { hasErrorCode } from "../../src/errors.js";
import { createIntegration } from "../../src/integration/index.js";
import { rejection } from "../helpers/fake-azure.js";
import { useFakeAzure, writes } from "./setup.js";
import { recreateCluster } from "./world-changes.js";

const { azure, context } = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };
const link = () => createIntegration(context(), CLUSTER);

/** A cluster attached to registries a and b; registry c exists but is not attached. */
async function attachedToAandB() {
  azure.seed.cluster(CLUSTER);
  const [a, b, c] = ["alphaacr", "betaacr", "gammaacr"].map((name) => (azure.seed.registry({ resourceGroup: "rg", name }) as { id: string }).id) as [string, string, string];
  await link().attach(a);
  await link().attach(b);
  azure.clearRequests();
  return { a, b, c };
}

describe("sync: desired state", () => {
  it("attached to A and B, desired [B, C] with prune: plans attach C and detach A, applies exactly that, then plans nothing and writes nothing", async () => {
    const { a, b, c } = await attachedToAandB();

    const plan = await link().sync([b, c], { prune: true, dryRun: true });

    expect(plan.plan.map((change) => [change.action, change.registry.id])).toEqual([
      ["attach", c],
      ["detach", a],
    ]);
    expect(plan.unchanged.map((u) => u.registry.id)).toEqual([b]);
    expect(plan.outcome).toBeUndefined();
    expect(plan.summary).toBe("Plan: attach gammaacr, detach alphaacr.");
    expect(writes(azure)).toHaveLength(0);

    const applied = await link().sync([b, c], { prune: true });

    expect(applied.plan).toEqual(plan.plan);
    expect(applied.outcome?.attached.map((r) => [r.registry.id, r.created])).toEqual([[c, true]]);
    expect(applied.outcome?.detached.map((d) => d.scope)).toEqual([a]);
    expect(writes(azure).map((w) => `${w.method} ${w.status}`).sort()).toEqual(["DELETE 200", "PUT 201"]);
    expect(azure.state.roleAssignments({ scope: a })).toEqual([]);
    expect(azure.state.roleAssignments({ scope: b })).toHaveLength(1);
    expect(azure.state.roleAssignments({ scope: c })).toHaveLength(1);
    azure.clearRequests();

    const again = await link().sync([b, c], { prune: true });

    expect(again.plan).toEqual([]);
    expect(again.outcome).toBeUndefined();
    expect(again.summary).toMatch(/^In sync/);
    expect(writes(azure)).toHaveLength(0);
  });

  it("without prune leaves grants on unlisted registries alone", async () => {
    const { a, b } = await attachedToAandB();

    const result = await link().sync([b]);

    expect(result.plan).toEqual([]);
    expect(azure.state.roleAssignments({ scope: a })).toHaveLength(1);
    expect(writes(azure)).toHaveLength(0);
  });

  it("replaces the grants a re-created cluster's old identity held, saying why", async () => {
    const { a, b } = await attachedToAandB();
    const kubelet = recreateCluster(azure, CLUSTER);

    const result = await link().sync([a, b]);

    expect(result.plan.map((c) => c.action)).toEqual(["replace", "replace"]);
    expect(result.plan[0]?.reason).toMatch(/stale: principal .* → /);
    expect(result.outcome?.attached.every((r) => r.principal.objectId === kubelet && r.replaced !== undefined)).toBe(true);
    expect(azure.state.roleAssignments({ scope: a })).toEqual([expect.objectContaining({ principalId: kubelet })]);
  });

  it("counts a grant made by az or the portal under another name as in place: nothing planned, nothing written", async () => {
    azure.seed.cluster(CLUSTER);
    const registry = (azure.seed.registry({ resourceGroup: "rg", name: "alphaacr" }) as { id: string }).id;
    const kubelet = (await link().attach(registry, { dryRun: true })).principal.objectId;
    const byAz = azure.seed.roleAssignment({ scope: registry, role: "AcrPull", principalId: kubelet }) as { id: string };
    azure.clearRequests();

    for (const prune of [false, true]) {
      const result = await link().sync([registry], { prune });
      expect(result.plan).toEqual([]);
      expect(result.unchanged[0]?.reason).toContain(byAz.id);
    }
    expect(writes(azure).filter((w) => w.operation.startsWith("RoleAssignments_"))).toHaveLength(0);
  });

  it("prune leaves broader roles and inherited grants alone", async () => {
    const { a, b } = await attachedToAandB();
    const kubelet = (await link().attach(b)).principal.objectId;
    azure.seed.roleAssignment({ scope: a, role: "AcrPush", principalId: kubelet });
    azure.seed.roleAssignment({ scope: `/subscriptions/${azure.subscriptionId}/resourceGroups/rg`, role: "AcrPull", principalId: kubelet });

    const result = await link().sync([b], { prune: true });

    expect(result.plan).toEqual([expect.objectContaining({ action: "detach", registry: { id: a, name: "alphaacr" }, assignments: [expect.objectContaining({ role: expect.objectContaining({ name: "AcrPull" }) })] })]);
    expect(azure.state.roleAssignments({ scope: a })).toEqual([expect.objectContaining({ roleName: "AcrPush" })]);
  });

  it("rejects a desired list that is not an array before any request", async () => {
    azure.seed.cluster(CLUSTER);
    azure.clearRequests();

    const error = await rejection(link().sync("alphaacr" as unknown as string[]));

    expect(hasErrorCode(error, "InvalidInput")).toBe(true);
    expect(azure.requests).toHaveLength(0);
  });
});
