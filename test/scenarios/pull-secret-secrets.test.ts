import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { PRIVATE_SOURCE_PASSWORD, PRIVATE_SOURCE_URI, PRIVATE_SOURCE_USERNAME } from "../../fakes/world/catalogue.js";
import { createClusterApi } from "../../src/cluster/index.js";
import { isAksAcrError } from "../../src/errors.js";
import { captureLogs } from "../helpers/captureLogs.js";
import { drive, useFakeAzure } from "../cluster/harness.js";

/** The registry password of a pull secret goes into the Secret and nowhere else. */
const h = useFakeAzure();
const CLUSTER = { resourceGroup: "rg", name: "aks" };
const lines = captureLogs();
const seen: string[] = [];
beforeEach(() => void (seen.length = 0));

/** Everything a person or a log collector could see of an error. */
async function failing(work: Promise<unknown>): Promise<void> {
  try {
    await drive(work);
  } catch (error) {
    if (!isAksAcrError(error)) throw error;
    seen.push(JSON.stringify({ message: error.message, stack: error.stack, details: error.details, response: error.response, changed: error.changed, cause: String(error.cause) }));
    return;
  }
  throw new Error("expected the call to fail");
}

/** The Status a misbehaving admission webhook or proxy might send: it echoes the request body it refused. */
const echoingRefusal = http.all(/\/api\/v1\/namespaces\/default\/secrets/, async ({ request }) => {
  if (request.method === "GET") return HttpResponse.json({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 }, { status: 404 });
  const body = await request.text();
  return HttpResponse.json({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "Invalid", message: `admission webhook denied the request: ${body} ${Buffer.from(body).toString("base64")}`, code: 422 }, { status: 422 });
});

describe("pull secret passwords never leak", () => {
  it("not in results, log lines, or errors, even when the server echoes the request body", async () => {
    h.azure.seed.cluster(CLUSTER);
    const aks = createClusterApi(h.ctx, CLUSTER);
    const kubeConfig = await drive(aks.credentials());
    const spec = { name: "regcred", server: PRIVATE_SOURCE_URI, username: PRIVATE_SOURCE_USERNAME, password: PRIVATE_SOURCE_PASSWORD, addToDefaultServiceAccount: true };
    const auth = Buffer.from(`${PRIVATE_SOURCE_USERNAME}:${PRIVATE_SOURCE_PASSWORD}`).toString("base64");
    const config = (password: string) =>
      Buffer.from(JSON.stringify({ auths: { [PRIVATE_SOURCE_URI]: { username: PRIVATE_SOURCE_USERNAME, password, auth: Buffer.from(`${PRIVATE_SOURCE_USERNAME}:${password}`).toString("base64") } } })).toString("base64");

    seen.push(JSON.stringify(await drive(aks.pullSecret(spec, { kubeConfig }))));
    seen.push(JSON.stringify(await drive(aks.pullSecret(spec, { kubeConfig }))));
    seen.push(JSON.stringify(await drive(aks.pullSecret({ ...spec, password: `${PRIVATE_SOURCE_PASSWORD}-rotated` }, { kubeConfig }))));
    await failing(aks.pullSecret({ ...spec, name: "Bad_Name" }));
    await failing(aks.pullSecret({ ...spec, namespace: "no-such-namespace" }, { kubeConfig }));
    h.server.use(echoingRefusal);
    await failing(aks.pullSecret({ ...spec, name: "other" }, { kubeConfig }));

    expect(seen).toHaveLength(6);
    expect(seen.at(-1)).toContain("[REDACTED]");
    const everything = [...lines, ...seen].join("\n");
    for (const secret of [PRIVATE_SOURCE_PASSWORD, auth, config(PRIVATE_SOURCE_PASSWORD), config(`${PRIVATE_SOURCE_PASSWORD}-rotated`).slice(0, 40)]) {
      expect(everything.includes(secret), `the password leaked as ${secret.slice(0, 6)}…`).toBe(false);
    }
  });
});
