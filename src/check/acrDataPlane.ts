/**
 * Reads an image's metadata from the registry itself (its login server), as the caller: the caller's
 * Entra ID token is exchanged for a registry refresh token, then an access token for the repository.
 * ARM has no tag API; this is how a missing tag is told apart from a missing permission.
 * Tokens stay in this module: no result or message ever holds one.
 */
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, type HttpClient, type HttpMethods } from "@azure/core-rest-pipeline";
import { lazyDefaultCredential } from "../arm/auth.js";
import type { Context } from "../context.js";
import { imageText, type CheckedImage } from "./image.js";

export type ImageLookup =
  | { kind: "found"; digest: string }
  /** The registry answered 404: the repository, tag or manifest does not exist. */
  | { kind: "missing"; code: string; message: string }
  /** The caller could not read it (no data-plane rights, firewall, unreachable); says nothing about the image. */
  | { kind: "unreadable"; status?: number; message: string };

interface AcrErrors {
  errors?: { code?: string; message?: string }[];
}

class Unreadable extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export async function lookupImage(ctx: Context, loginServer: string, image: CheckedImage, signal?: AbortSignal): Promise<ImageLookup> {
  const http = ctx.options.httpClient ?? createDefaultHttpClient();
  const base = `https://${loginServer}`;
  try {
    const credential = ctx.options.credential ?? lazyDefaultCredential(ctx.cloud);
    const aad = await credential.getToken(ctx.cloud.resourceManagerScope, { abortSignal: signal }).catch((error: unknown) => {
      throw new Unreadable(`no Microsoft Entra token for the caller (${(error as Error).message})`);
    });
    if (!aad) throw new Unreadable("no Microsoft Entra token for the caller");
    const refresh = await send<{ refresh_token?: string }>(http, "POST", `${base}/oauth2/exchange`, signal, {
      form: { grant_type: "access_token", service: loginServer, access_token: aad.token },
    });
    const access = await send<{ access_token?: string }>(http, "POST", `${base}/oauth2/token`, signal, {
      form: { grant_type: "refresh_token", service: loginServer, scope: `repository:${image.repository}:pull`, refresh_token: refresh.body.refresh_token ?? "" },
    });
    const path = image.digest ? `_manifests/${image.digest}` : `_tags/${encodeURIComponent(image.tag ?? "latest")}`;
    const found = await send<{ tag?: { digest?: string }; manifest?: { digest?: string } }>(
      http,
      "GET",
      `${base}/acr/v1/${image.repository}/${path}`,
      signal,
      { bearer: access.body.access_token ?? "", allow404: true },
    );
    if (found.status === 404) {
      const error = (found.body as AcrErrors).errors?.[0];
      return { kind: "missing", code: error?.code ?? "NOT_FOUND", message: error?.message ?? `${imageText(image)} not found` };
    }
    return { kind: "found", digest: found.body.tag?.digest ?? found.body.manifest?.digest ?? "" };
  } catch (error) {
    if (error instanceof Unreadable) return { kind: "unreadable", ...(error.status !== undefined && { status: error.status }), message: error.message };
    if ((error as { name?: string }).name === "AbortError") throw error;
    return { kind: "unreadable", message: `${loginServer} could not be reached (${(error as Error).message})` };
  }
}

async function send<T>(
  http: HttpClient,
  method: HttpMethods,
  url: string,
  signal: AbortSignal | undefined,
  options: { form?: Record<string, string>; bearer?: string; allow404?: boolean },
): Promise<{ status: number; body: T }> {
  const headers = createHttpHeaders({ accept: "application/json" });
  if (options.form) headers.set("content-type", "application/x-www-form-urlencoded");
  if (options.bearer !== undefined) headers.set("authorization", `Bearer ${options.bearer}`);
  const request = createPipelineRequest({
    url,
    method,
    headers,
    ...(options.form && { body: new URLSearchParams(options.form).toString() }),
    ...(signal && { abortSignal: signal }),
  });
  const response = await http.sendRequest(request);
  const body = parse(response.bodyAsText);
  if (response.status === 200 || (options.allow404 && response.status === 404)) return { status: response.status, body: body as T };
  const error = (body as AcrErrors | undefined)?.errors?.[0];
  const what = new URL(url).pathname;
  throw new Unreadable(`${method} ${what} answered ${response.status}${error?.code ? ` ${error.code}` : ""}${error?.message ? `: ${error.message}` : ""}`, response.status);
}

function parse(text: string | undefined | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
