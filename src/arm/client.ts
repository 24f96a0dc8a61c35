import type { Pipeline, PipelineResponse } from "@azure/core-rest-pipeline";
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { resolveCloud } from "../cloud.js";
import type { Cloud } from "../cloud.js";
import { AksAcrError } from "../errors.js";
import type { ClientOptions } from "../options.js";
import { fromThrown, toAksAcrError } from "./armError.js";
import { createArmPipeline } from "./pipeline.js";
import { setPacingGroup } from "./pacer.js";
import { pollOperation } from "./poller.js";
import { redactUrl } from "./redact.js";
import { attemptsOf, disableDroppedRetry, disableRetry } from "./retry.js";
import { currentTracingOptions } from "./tracing.js";
import type { ArmClient, ArmRequest, ArmResponse } from "./types.js";

/**
 * Encodes a query value so ARM reads it back exactly: spaces as `%20` (not `+`) and quotes as
 * `%27`, which `$filter=principalId eq '…'` needs.
 */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/'/g, "%27");
}

/** `endpoint` + `path` (or `path` itself when absolute) with `api-version` and `query` appended. */
export function buildUrl(endpoint: string, path: string, apiVersion?: string, query?: Record<string, string>): string {
  const absolute = /^https?:\/\//i.test(path);
  const url = new URL(absolute ? path : `${endpoint.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`);
  const parts: string[] = [];
  if (apiVersion !== undefined && !url.searchParams.has("api-version")) parts.push(`api-version=${encodeQueryValue(apiVersion)}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    parts.push(`${encodeURIComponent(key).replace(/^%24/, "$")}=${encodeQueryValue(value)}`);
  }
  if (parts.length === 0) return url.toString();
  const separator = url.search === "" ? "?" : "&";
  return `${url.toString()}${separator}${parts.join("&")}`;
}

function parseBody(text: string | undefined): { ok: true; value: unknown } | { ok: false; text: string } {
  if (text === undefined || text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, text };
  }
}

function toArmResponse<T>(response: PipelineResponse, body: unknown): ArmResponse<T> {
  return {
    status: response.status,
    body: body as T,
    header: (name) => response.headers.get(name),
    requestId: response.headers.get("x-ms-request-id"),
  };
}

async function sendThrough<T>(pipeline: Pipeline, httpClient: HttpClient, endpoint: string, request: ArmRequest): Promise<ArmResponse<T>> {
  const url = buildUrl(endpoint, request.path, request.apiVersion, request.query);
  const context = { operation: request.operation, ...(request.scope !== undefined && { scope: request.scope }) };
  const pipelineRequest = createPipelineRequest({
    url,
    method: request.method,
    headers: createHttpHeaders({ Accept: "application/json" }),
    ...(request.abortSignal !== undefined && { abortSignal: request.abortSignal }),
    allowInsecureConnection: true,
  });
  const tracingOptions = currentTracingOptions();
  if (tracingOptions !== undefined) pipelineRequest.tracingOptions = tracingOptions;
  if (request.body !== undefined) {
    pipelineRequest.body = JSON.stringify(request.body);
    pipelineRequest.headers.set("Content-Type", "application/json");
  }
  setPacingGroup(pipelineRequest, request.operation);
  if (request.retry === false) disableRetry(pipelineRequest);
  if (request.retryDropped === false) disableDroppedRetry(pipelineRequest);

  let response: PipelineResponse;
  try {
    if (request.abortSignal?.aborted) throw Object.assign(new Error("aborted before sending"), { name: "AbortError" });
    response = await pipeline.sendRequest(httpClient, pipelineRequest);
  } catch (error) {
    throw fromThrown(error, { ...context, method: request.method, url, attempts: attemptsOf(pipelineRequest) });
  }

  const parsed = parseBody(response.bodyAsText ?? undefined);
  const accepted = (response.status >= 200 && response.status < 300) || request.allowStatus?.includes(response.status);
  if (!accepted) {
    const requestId = response.headers.get("x-ms-request-id");
    throw toAksAcrError(
      {
        status: response.status,
        body: parsed.ok ? parsed.value : parsed.text,
        ...(requestId !== undefined && { requestId }),
        method: request.method,
        url,
        attempts: attemptsOf(pipelineRequest),
      },
      context,
    );
  }
  if (!parsed.ok) {
    const requestId = response.headers.get("x-ms-request-id");
    // A DELETE that succeeded has done its work whatever its body says; failing it would report a removal as not done.
    if (response.status >= 300 || request.method === "DELETE") return toArmResponse<T>(response, undefined);
    throw new AksAcrError("UnexpectedResponse", {
      ...context,
      reason: `ARM answered ${response.status} with a body that is not JSON (${response.headers.get("content-type") ?? "no content type"})`,
      fix: "Check that the cloud's resourceManager endpoint is ARM, not a proxy or login page",
      response: { status: response.status, ...(requestId !== undefined && { requestId }), request: { method: request.method, url: redactUrl(url) } },
    });
  }
  return toArmResponse<T>(response, parsed.value);
}

/**
 * The ARM client of one set of options: one pipeline (auth, retry, logging) shared by every
 * request, to ARM and to Microsoft Graph.
 */
export function createArmClient(options: ClientOptions = {}): ArmClient {
  const cloud: Cloud = resolveCloud(options.cloud);
  const pipeline = createArmPipeline(options, cloud);
  const httpClient = options.httpClient ?? createDefaultHttpClient();
  const client: ArmClient = {
    cloud,
    send: <T>(request: ArmRequest) => sendThrough<T>(pipeline, httpClient, cloud.resourceManager, request),
    graph: <T>(request: Omit<ArmRequest, "apiVersion">) => sendThrough<T>(pipeline, httpClient, cloud.graph, request),
    poll: <T>(initial: ArmResponse, pollOptions: Parameters<ArmClient["poll"]>[1]) => pollOperation<T>(client, initial, pollOptions),
  };
  return client;
}
