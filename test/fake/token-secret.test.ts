/** The token endpoint checks the secret of a principal seeded with one, as Entra ID does. */
import { ClientSecretCredential } from "@azure/identity";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";

const azure = createFakeAzure();
const server = setupServer(...azure.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

it("signs in a seeded service principal with its secret, and refuses another secret with AADSTS7000215", async () => {
  const ci = azure.seed.principal({ type: "ServicePrincipal", secret: "right-secret" });

  const token = await new ClientSecretCredential(azure.tenantId, ci.clientId ?? "", "right-secret").getToken("https://management.azure.com/.default");
  const claims = JSON.parse(Buffer.from(token.token.split(".")[1] ?? "", "base64url").toString("utf8")) as { oid: string };
  expect(claims.oid).toBe(ci.objectId);

  const wrong = new ClientSecretCredential(azure.tenantId, ci.clientId ?? "", "wrong-secret");
  await expect(wrong.getToken("https://management.azure.com/.default")).rejects.toThrow(/AADSTS7000215/);
  expect(azure.requests.filter((r) => r.operation === "Login_Token").map((r) => r.status)).toEqual([200, 401]);
});
