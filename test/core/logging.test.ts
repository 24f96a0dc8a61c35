import { AzureLogger, setLogLevel } from "@azure/logger";
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createArmClient } from "../../src/arm/client.js";
import { ARM, FAKE_TOKEN, fixedCredential, SUB, useServer } from "./support.js";

const server = useServer();
const path = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr1`;
const originalLog = AzureLogger.log;
let lines: string[] = [];

beforeEach(() => {
  lines = [];
  setLogLevel("verbose");
  AzureLogger.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
});
afterEach(() => {
  AzureLogger.log = originalLog;
  setLogLevel("warning");
});

describe("request logging", () => {
  it("logs method, redacted URL, status, request id and duration, never the token or body", async () => {
    server.use(
      http.put(`${ARM}/*`, () =>
        HttpResponse.json({ properties: { password: "hunter2-secret" } }, { status: 201, headers: { "x-ms-request-id": "req-log-42" } }),
      ),
    );
    await createArmClient({ credential: fixedCredential() }).send({
      method: "PUT",
      path: `${path}?sig=signature-secret`,
      body: { password: "body-secret" },
      operation: "create registry acr1",
    });
    const own = lines.filter((l) => l.includes("azure:aks-acr:")); // core-rest-pipeline's own lines name aks-acr in the user agent
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(/PUT https:\/\/management\.azure\.com\/subscriptions\/.*acr1\?sig=REDACTED 201 x-ms-request-id=req-log-42 \d+ms/);
    const everything = lines.join("\n");
    for (const secret of [FAKE_TOKEN, "signature-secret", "body-secret", "hunter2-secret"]) expect(everything).not.toContain(secret);
  });

  it("writes to the caller's logger when one is given", async () => {
    server.use(http.get(`${ARM}/*`, () => HttpResponse.json({}, { headers: { "x-ms-request-id": "req-own" } })));
    const mine: string[] = [];
    const record = (l: string) => mine.push(l);
    const logger = Object.assign(record, { info: record, warning: record, error: record, verbose: record });
    await createArmClient({ credential: fixedCredential(), logger: logger as never }).send({ method: "GET", path, operation: "get registry acr1" });
    expect(mine.join("\n")).toContain("x-ms-request-id=req-own");
  });
});
