import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createIntegration } from "../../src/integration/index.js";
import { seedClusterAndRegistry, seedResourceGroup, serveFakeAzure } from "../helpers/fake-azure.js";

const served = serveFakeAzure({ seed: seedResourceGroup });

describe("answers ARM sends that the library cannot read, after the work was done", () => {
  it("detach succeeds when the role-assignment DELETE succeeded but answered 200 with an HTML body", async () => {
    const { azure, server } = served;
    const { registryId, kubeletObjectId } = seedClusterAndRegistry(azure);
    azure.seed.roleAssignment({ scope: registryId, role: "AcrPull", principalId: kubeletObjectId });
    server.use(
      http.delete(/\/providers\/Microsoft\.Authorization\/roleAssignments\//i, async ({ request }) => {
        const answer = await azure.dispatch(request);
        return answer.ok ? new HttpResponse("<html><body>OK</body></html>", { status: 200, headers: { "content-type": "text/html" } }) : answer;
      }),
    );
    const result = await createIntegration(served.ctx, { resourceGroup: "rg", name: "aks" }).detach("myacr");
    expect(result.removed).toHaveLength(1);
    expect(azure.state.roleAssignments({ scope: registryId })).toEqual([]);
  });
});
