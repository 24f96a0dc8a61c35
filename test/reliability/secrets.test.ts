import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_KEY_MARKER } from "../../fakes/kube/kubeconfig.js";
import { PRIVATE_SOURCE_PASSWORD, PRIVATE_SOURCE_USERNAME } from "../../fakes/world/catalogue.js";
import { isAksAcrError } from "../../src/index.js";
import { captureLogs } from "../helpers/captureLogs.js";
import { drive } from "../cluster/harness.js";
import { useFaultyAzure } from "./harness.js";

const h = useFaultyAzure();
const lines = captureLogs();
const errors: string[] = [];
beforeEach(() => void (errors.length = 0));

/** Everything a person or a log collector could see of an error. */
function record(error: unknown): void {
  if (!isAksAcrError(error)) throw error;
  errors.push(JSON.stringify({ message: error.message, stack: error.stack, details: error.details, response: error.response, changed: error.changed, cause: String(error.cause) }));
}

async function failing(what: string, work: Promise<unknown>): Promise<void> {
  try {
    await drive(work);
  } catch (error) {
    record(error);
    return;
  }
  throw new Error(`expected ${what} to fail`);
}

/** A credential of the fake that remembers every token it handed out. */
function recordingCredential(base: TokenCredential, tokens: string[]): TokenCredential {
  return {
    async getToken(scopes, options): Promise<AccessToken | null> {
      const token = await base.getToken(scopes, options);
      if (token) tokens.push(token.token);
      return token;
    },
  };
}

describe("secrets never reach a log line or an error message", () => {
  it("across the walkthrough, a failing attach, failing imports with credentials and failing credentials()", async () => {
    const tokens: string[] = [];
    const client = h.client({ credential: recordingCredential(h.azure.credential(), tokens) });
    const wrongPassword = "wrong-password-7c1e0b";
    const clusterRef = { resourceGroup: "rg", name: "walk" };

    // The walkthrough.
    await drive(client.registry("walkacr").create({ resourceGroup: "rg", location: "westeurope" }));
    await drive(client.registry("walkacr").import("docker.io/library/nginx:latest", { tags: ["nginx:v1"] }));
    await drive(client.registry("walkacr").import("private.example.com/team/app:1.0", { credentials: { username: PRIVATE_SOURCE_USERNAME, password: PRIVATE_SOURCE_PASSWORD } }));
    await drive(client.cluster(clusterRef).create({ location: "westeurope", attach: ["walkacr"] }));
    const kubeConfig = await drive(client.cluster(clusterRef).credentials());
    await drive(client.cluster(clusterRef).deploy({ name: "nginx0-deployment", image: "walkacr.azurecr.io/nginx:v1", replicas: 2, port: 80 }, { kubeConfig }));
    const kubeSecrets = kubeConfig.users.flatMap((u) => [u.token, u.keyData, u.certData]).filter((s): s is string => typeof s === "string" && s !== "");
    expect(kubeSecrets.some((s) => s.startsWith("fakekubetoken"))).toBe(true);

    // Failures.
    h.azure.faults.add({ operation: "RoleAssignments_Create", authorizationFailed: true });
    await failing("attach denied", client.integration(clusterRef).attach("regone"));
    h.azure.faults.add({ operation: "RoleAssignments_Create", throttle: { html: true, retryAfterSeconds: 1 }, times: Infinity });
    await failing("attach throttled", h.client({ credential: recordingCredential(h.azure.credential(), tokens), retryOptions: { maxRetries: 1 } }).integration(clusterRef).attach("regone"));
    await failing("import wrong password", client.registry("walkacr").import("private.example.com/team/app:1.0", { tags: ["app:v2"], credentials: { username: PRIVATE_SOURCE_USERNAME, password: wrongPassword } }));
    h.azure.faults.add({ operation: "Registries_ImportImage", fail: { code: "ImportFailed", message: "Import of the private image failed." } });
    await failing("import failed", client.registry("walkacr").import("private.example.com/team/app:1.0", { tags: ["app:v3"], credentials: { username: PRIVATE_SOURCE_USERNAME, password: PRIVATE_SOURCE_PASSWORD } }));
    h.azure.faults.add({ operation: "ManagedClusters_ListClusterUserCredentials", authorizationFailed: true });
    await failing("credentials denied", client.cluster(clusterRef).credentials());
    const leakyKubeconfig = `apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: ${kubeSecrets[0]}\n    client-key-data: ${Buffer.from(FAKE_KEY_MARKER).toString("base64")} ${FAKE_KEY_MARKER}\n`;
    h.server.use(http.post(/listClusterUserCredential/, () => HttpResponse.json({ kubeconfigs: [{ name: "clusterUser", value: Buffer.from(leakyKubeconfig).toString("base64") }] })));
    await failing("credentials leaky", client.cluster(clusterRef).credentials());
    await drive(client.integration(clusterRef).detach("walkacr"));
    await failing("deploy after detach", client.cluster(clusterRef).deploy({ name: "nginx1", image: "walkacr.azurecr.io/nginx:v1", replicas: 1 }, { kubeConfig }));

    expect(tokens.length).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThan(20);
    expect(errors).toHaveLength(7);
    const secrets = [
      ...new Set([
        ...tokens,
        ...tokens.map((t) => t.split(".")[1] ?? t),
        ...kubeSecrets,
        PRIVATE_SOURCE_PASSWORD,
        wrongPassword,
        FAKE_KEY_MARKER,
      ]),
    ];
    const seen = [...lines, ...errors].join("\n");
    for (const secret of secrets) expect(seen.includes(secret), `a secret (${secret.slice(0, 12)}…) leaked`).toBe(false);
  });
});
