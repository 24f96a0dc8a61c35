import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createArmClient } from "../../src/arm/client.js";
import type { ArmClient } from "../../src/arm/types.js";
import type { ErrorCode } from "../../src/errors.js";
import { ARM, FAKE_TOKEN, fixedCredential, rejection, SUB, useServer } from "./support.js";

const server = useServer();
const RECORDINGS = fileURLToPath(new URL("../../../shared/arm-recordings", import.meta.url));

interface Recording {
  request: { method: string; uri: string };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

function recording(file: string): Recording {
  return JSON.parse(readFileSync(`${RECORDINGS}/${file}`, "utf8")) as Recording;
}

function client(): ArmClient {
  return createArmClient({ credential: fixedCredential(), retryOptions: { maxRetries: 0 } });
}

/** Answers `status` with `body` (JSON or raw text) and a request id on every request. */
function answer(status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): void {
  const init = { status, headers: { "x-ms-request-id": requestId, ...headers } };
  server.use(
    http.all(`${ARM}/*`, () =>
      typeof body === "string" ? new HttpResponse(body, { ...init, headers: { "content-type": "text/html", ...init.headers } }) : HttpResponse.json(body as Record<string, unknown>, init),
    ),
  );
}

const scope = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr1`;

describe("ARM error mapping", () => {
  it.each<[string, string, ErrorCode]>([
    ["authz-roleassignment-put-409-RoleAssignmentExists-acrpull-registry.json", "RoleAssignmentExists", "Conflict"],
    ["authz-roleassignment-put-400-PrincipalNotFound-attempt1.json", "PrincipalNotFound", "RequestFailed"],
  ])("maps the recorded %s to its code, status, armCode and request id", async (file, armCode, code) => {
    const rec = recording(file);
    answer(rec.response.status, rec.response.body, "req-recorded-1");
    const error = await rejection(
      client().send({ method: "PUT", path: new URL(rec.request.uri).pathname, apiVersion: "2022-04-01", body: {}, operation: "attach registry acr1", scope }),
    );
    expect(error.code).toBe(code);
    expect(error.status).toBe(rec.response.status);
    expect(error.armCode).toBe(armCode);
    expect(error.requestId).toBe("req-recorded-1");
    expect(error.response?.armMessage).toBe((rec.response.body as { error: { message: string } }).error.message);
    expect(error.response?.request).toEqual({ method: "PUT", url: rec.request.uri });
    expect(error.message).toMatch(/^Failed to attach registry acr1 \(.*acr1\): /);
  });

  it("maps a 403 AuthorizationFailed to PermissionDenied quoting ARM's message", async () => {
    const message = "The client 'bob@contoso.com' with object id 'b0b' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '" + scope + "'.";
    answer(403, { error: { code: "AuthorizationFailed", message } }, "req-403");
    const error = await rejection(client().send({ method: "PUT", path: `${scope}/providers/Microsoft.Authorization/roleAssignments/x`, operation: "attach registry acr1", scope }));
    expect(error.code).toBe("PermissionDenied");
    expect(error.armCode).toBe("AuthorizationFailed");
    expect(error.reason).toContain(`"${message}"`);
    expect(error.fix).toMatch(/Owner/);
  });

  it("maps a 429 with a text/html body to Throttled, keeping the request id", async () => {
    answer(429, "<html><body><h1>Too many requests</h1></body></html>", "req-429");
    const error = await rejection(client().send({ method: "GET", path: scope, apiVersion: "2025-11-01", operation: "get registry acr1" }));
    expect(error.code).toBe("Throttled");
    expect(error.status).toBe(429);
    expect(error.armCode).toBeUndefined();
    expect(error.requestId).toBe("req-429");
    expect(error.reason).toContain("Too many requests");
  });

  it.each<[number, ErrorCode]>([
    [401, "AuthenticationFailed"],
    [404, "NotFound"],
    [409, "Conflict"],
    [400, "RequestFailed"],
    [502, "ServiceUnavailable"],
  ])("maps status %i to %s", async (status, code) => {
    answer(status, { error: { code: "Something", message: "went wrong" } }, "req-x");
    const error = await rejection(client().send({ method: "GET", path: scope, operation: "get registry acr1" }));
    expect(error.code).toBe(code);
    expect(error.armCode).toBe("Something");
  });

  it("returns a status listed in allowStatus instead of throwing", async () => {
    answer(404, { error: { code: "ResourceNotFound", message: "nope" } }, "req-404");
    const response = await client().send({ method: "GET", path: scope, operation: "check", allowStatus: [404] });
    expect(response.status).toBe(404);
    expect(response.requestId).toBe("req-404");
  });

  it("answers UnexpectedResponse for a 200 whose body is not JSON", async () => {
    answer(200, "<html>login</html>", "req-200");
    const error = await rejection(client().send({ method: "GET", path: scope, operation: "get registry acr1" }));
    expect(error.code).toBe("UnexpectedResponse");
  });

  it("maps a failing credential to AuthenticationFailed without sending", async () => {
    let sent = 0;
    server.use(http.all(`${ARM}/*`, () => { sent++; return HttpResponse.json({}); }));
    const arm = createArmClient({
      credential: { getToken: () => Promise.reject(new Error("AADSTS7000215: Invalid client secret provided")) },
    });
    const error = await rejection(arm.send({ method: "GET", path: scope, operation: "get registry acr1" }));
    expect(error.code).toBe("AuthenticationFailed");
    expect(error.message).toContain("AADSTS7000215");
    expect(sent).toBe(0);
  });

  it("maps an aborted request to Aborted", async () => {
    answer(200, {}, "req-ok");
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(client().send({ method: "GET", path: scope, operation: "get registry acr1", abortSignal: controller.signal }));
    expect(error.code).toBe("Aborted");
  });

  it("never puts the token in the error, even when ARM echoes it", async () => {
    answer(401, { error: { code: "InvalidAuthenticationToken", message: `The token Bearer ${FAKE_TOKEN} is invalid: ${FAKE_TOKEN}` } }, "req-401");
    const error = await rejection(client().send({ method: "GET", path: `${scope}?access_token=${FAKE_TOKEN}`, operation: "get registry acr1" }));
    expect(error.code).toBe("AuthenticationFailed");
    for (const text of [error.message, String(error), JSON.stringify(error), JSON.stringify(error.response), error.stack ?? ""]) {
      expect(text).not.toContain(FAKE_TOKEN);
      expect(text).not.toContain(FAKE_TOKEN.split(".")[2]);
    }
  });
});

describe("requests", () => {
  it("joins the path, adds api-version and encodes $filter with %20 and %27", async () => {
    let seen: URL | undefined;
    let authorization: string | null = null;
    server.use(http.get(`${ARM}/*`, ({ request }) => {
      seen = new URL(request.url);
      authorization = request.headers.get("authorization");
      return HttpResponse.json({ value: [] });
    }));
    const response = await client().send({
      method: "GET",
      path: `${scope}/providers/Microsoft.Authorization/roleAssignments`,
      apiVersion: "2022-04-01",
      query: { $filter: "principalId eq 'abc'" },
      operation: "list",
    });
    expect(response.body).toEqual({ value: [] });
    expect(seen?.pathname).toBe(`${scope}/providers/Microsoft.Authorization/roleAssignments`);
    expect(seen?.search).toBe("?api-version=2022-04-01&$filter=principalId%20eq%20%27abc%27");
    expect(seen?.searchParams.get("$filter")).toBe("principalId eq 'abc'");
    expect(authorization).toBe(`Bearer ${FAKE_TOKEN}`);
  });

  it("keeps an absolute polling URL's own api-version", async () => {
    let search = "";
    server.use(http.get(`${ARM}/*`, ({ request }) => { search = new URL(request.url).search; return new HttpResponse(null, { status: 204 }); }));
    const response = await client().send({ method: "GET", path: `${ARM}/op/1?api-version=2020-01-01`, apiVersion: "2025-11-01", operation: "poll" });
    expect(search).toBe("?api-version=2020-01-01");
    expect(response.body).toBeUndefined();
  });

  it("sends JSON bodies and asks Graph with a Graph token", async () => {
    const credential = fixedCredential();
    let body: unknown;
    server.use(
      http.put(`${ARM}/*`, async ({ request }) => { body = await request.json(); return HttpResponse.json({ ok: true }, { status: 201 }); }),
      http.get("https://graph.microsoft.com/v1.0/servicePrincipals", () => HttpResponse.json({ value: [{ id: "sp" }] })),
    );
    const arm = createArmClient({ credential });
    await arm.send({ method: "PUT", path: scope, body: { location: "westeurope" }, operation: "create" });
    const graph = await arm.graph<{ value: { id: string }[] }>({ method: "GET", path: "/v1.0/servicePrincipals", operation: "resolve" });
    expect(body).toEqual({ location: "westeurope" });
    expect(graph.body.value[0]?.id).toBe("sp");
    expect(credential.calls).toEqual(["https://management.azure.com/.default", "https://graph.microsoft.com/.default"]);
  });
});
