/**
 * The admin API of a listening fake, in the spirit of LocalStack's `/_localstack/` and moto's
 * `/moto-api/`: under `/_fake/`, a prefix ARM, Graph and Kubernetes never use. It bypasses
 * authorization (like `azure.seed`), which is why listen() serves loopback only.
 */
import type { ListenableFake } from "../listen.js";
import { applySeedDocument } from "./applySeed.js";
import { SeedDocumentError, parseSeedDocument } from "./seedDocument.js";
import { summariseWorld } from "./worldSummary.js";

/** The reserved path prefix of the admin API. */
export const ADMIN_PREFIX = "/_fake";

/** Options of the admin API (`listen({ admin })`). */
export interface AdminOptions {
  /** What `POST /_fake/reset` does (a server seeded at start resets to that seed). @default fake.reset() */
  reset?: () => void;
}

const ENDPOINTS = [
  "GET /_fake/health",
  "POST /_fake/reset",
  "POST /_fake/seed (a seed document, JSON or YAML)",
  "GET /_fake/state",
  "GET /_fake/journal",
  "DELETE /_fake/journal",
];

export async function serveAdmin(fake: ListenableFake, options: AdminOptions, request: Request, path: string, origin: string): Promise<Response> {
  const route = `${request.method} ${path.replace(/\/$/, "")}`;
  switch (route) {
    case "GET /_fake/health":
      return json(200, { status: "Healthy", url: origin, tls: origin.startsWith("https:"), tenantId: fake.tenantId, subscriptionId: fake.subscriptionId });
    case "POST /_fake/reset":
      (options.reset ?? fake.reset)();
      return json(200, summariseWorld(fake));
    case "POST /_fake/seed":
      return seed(fake, await request.text());
    case "GET /_fake/state":
      return json(200, summariseWorld(fake));
    case "GET /_fake/journal":
      return json(200, { requests: fake.requests });
    case "DELETE /_fake/journal":
      fake.clearRequests();
      return new Response(null, { status: 204 });
    default:
      return adminError(
        ENDPOINTS.some((e) => e.split(" ")[1] === path) ? 405 : 404,
        ENDPOINTS.some((e) => e.split(" ")[1] === path) ? "MethodNotAllowed" : "AdminRouteNotFound",
        `The fake Azure's admin API has no route ${route}. Its routes: ${ENDPOINTS.join(", ")}.`,
      );
  }
}

function seed(fake: ListenableFake, text: string): Response {
  try {
    return json(200, applySeedDocument(fake, parseSeedDocument(text, "POSTed to /_fake/seed"), "POSTed to /_fake/seed"));
  } catch (error) {
    if (!(error instanceof SeedDocumentError)) throw error;
    return json(400, { error: { code: "InvalidSeedDocument", message: error.message, details: error.issues.map((message) => ({ code: "InvalidSeedDocument", message })) } });
  }
}

function adminError(status: number, code: string, message: string): Response {
  return json(status, { error: { code, message } });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body, null, 2), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}
