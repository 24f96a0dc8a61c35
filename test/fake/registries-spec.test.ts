import { beforeEach, describe, expect, it } from "vitest";
import { createFakeAzure, type FakeAzure } from "../../fakes/index.js";
import { compileResponse, violations } from "../helpers/openapi.js";

const ACR = "containerregistry/resource-manager/Microsoft.ContainerRegistry/stable/2023-07-01/containerregistry.json";

let azure: FakeAzure;
let token: string;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await azure.dispatch(
    new Request(`https://management.azure.com${path}?api-version=2025-11-01`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function expectConforms(operationId: string, method: string, path: string, status: number, body?: unknown): Promise<unknown> {
  const response = await call(method, path, body);
  expect(response.status).toBe(status);
  expect(violations(compileResponse(ACR, operationId, String(status)), response.body)).toEqual([]);
  return response.body;
}

beforeEach(async () => {
  azure = createFakeAzure();
  token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
  azure.seed.resourceGroup({ name: "rg", location: "westeurope" });
});

const rg = () => `/subscriptions/${azure.subscriptionId}/resourceGroups/rg`;
const registry = (name: string) => `${rg()}/providers/Microsoft.ContainerRegistry/registries/${name}`;

describe("registry responses conform to the ACR OpenAPI spec", () => {
  it("create (201 Creating), update, list by resource group and a missing registry", async () => {
    const created = await expectConforms("Registries_Create", "PUT", registry("specacr01"), 201, { location: "westeurope", sku: { name: "Basic" } });
    expect(created).toMatchObject({ properties: { provisioningState: "Creating" } });
    await expectConforms("Registries_Create", "PUT", registry("specacr01"), 200, { location: "westeurope", sku: { name: "Standard" } });
    await expectConforms("Registries_Update", "PATCH", registry("specacr01"), 200, { properties: { adminUserEnabled: true } });
    await expectConforms("Registries_ListByResourceGroup", "GET", `${rg()}/providers/Microsoft.ContainerRegistry/registries`, 200);
    await expectConforms("Registries_Get", "GET", registry("nosuchacr"), 404);
  });

  it("checkNameAvailability, available and taken", async () => {
    const path = `/subscriptions/${azure.subscriptionId}/providers/Microsoft.ContainerRegistry/checkNameAvailability`;
    azure.seed.registry({ resourceGroup: "rg", name: "takenacr" });
    await expectConforms("Registries_CheckNameAvailability", "POST", path, 200, { name: "freeacr01", type: "Microsoft.ContainerRegistry/registries" });
    const taken = await expectConforms("Registries_CheckNameAvailability", "POST", path, 200, { name: "takenacr", type: "Microsoft.ContainerRegistry/registries" });
    expect(taken).toMatchObject({ nameAvailable: false, reason: "AlreadyExists" });
  });

  it("importImage's synchronous refusal is an ARM error body", async () => {
    azure.seed.registry({ resourceGroup: "rg", name: "targetacr" });
    await expectConforms("Registries_ImportImage", "POST", `${registry("targetacr")}/importImage`, 400, { source: { sourceImage: "nginx" }, targetTags: ["nginx"] });
  });
});
