/**
 * What an import's source and its target tags point at, to tell an import that already happened
 * (a re-run, or a re-send after the POST's answer was lost) from a tag that holds something else.
 * Only used once a NoForce import has failed on an existing tag, so a normal import costs nothing.
 */
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, type HttpClient } from "@azure/core-rest-pipeline";
import { lookupImage } from "../check/acrDataPlane.js";
import type { Context } from "../context.js";
import { parseRepositoryTag } from "./imageRef.js";
import type { ImportPlan } from "./importPlan.js";

/** Media types a registry may answer a manifest request with; an import copies whichever the tag names. */
const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/** Docker Hub's registry API answers on its own host. */
const REGISTRY_API_HOSTS: Record<string, string> = { "docker.io": "registry-1.docker.io", "index.docker.io": "registry-1.docker.io" };

/**
 * The source's manifest digest, or undefined when it cannot be read: named by the source itself,
 * read from another Azure registry's data plane, or from the source registry's OCI distribution
 * API (anonymously, or with the import's credentials).
 */
export async function sourceDigest(ctx: Context, plan: ImportPlan, sourceLoginServer: string | undefined, signal?: AbortSignal): Promise<string | undefined> {
  if (plan.digest !== undefined) return plan.digest;
  const { repository, tag = "latest" } = parseRepositoryTag(plan.source.sourceImage);
  if (sourceLoginServer !== undefined) return found(await lookupImage(ctx, sourceLoginServer, { host: undefined, repository, tag }, signal));
  if (plan.source.kind !== "uri") return undefined;
  const host = plan.source.registryUri.toLowerCase().replace(/^https?:\/\//, "").replace(/\/+$/, "");
  if (host.endsWith(ctx.cloud.acrLoginServerSuffix.toLowerCase())) return found(await lookupImage(ctx, host, { host: undefined, repository, tag }, signal));
  return distributionDigest(ctx.options.httpClient ?? createDefaultHttpClient(), REGISTRY_API_HOSTS[host] ?? host, repository, tag, plan, signal);
}

/** What each target `repo:tag` of the plan points at in the target registry (undefined: missing or unreadable). */
export async function targetDigests(ctx: Context, loginServer: string, plan: ImportPlan, signal?: AbortSignal): Promise<(string | undefined)[]> {
  return Promise.all(
    plan.targetTags.map(async (target) => {
      const { repository, tag } = parseRepositoryTag(target);
      return found(await lookupImage(ctx, loginServer, { host: undefined, repository, tag: tag ?? "latest" }, signal));
    }),
  );
}

function found(lookup: Awaited<ReturnType<typeof lookupImage>>): string | undefined {
  return lookup.kind === "found" && lookup.digest !== "" ? lookup.digest : undefined;
}

/**
 * `HEAD /v2/<repo>/manifests/<tag>` and its `Docker-Content-Digest`, answering a 401's Bearer
 * challenge with a token from its realm, as `docker pull` does. Any failure means "unknown".
 */
async function distributionDigest(
  http: HttpClient,
  host: string,
  repository: string,
  tag: string,
  plan: ImportPlan,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const url = `https://${host}/v2/${repository}/manifests/${encodeURIComponent(tag)}`;
  const basic = plan.credentials ? `Basic ${Buffer.from(`${plan.credentials.username ?? ""}:${plan.credentials.password}`).toString("base64")}` : undefined;
  const head = (authorization?: string) => send(http, "HEAD", url, signal, { accept: MANIFEST_TYPES, ...(authorization && { authorization }) });
  try {
    let response = await head(basic);
    if (response.status === 401) {
      const challenge = /^Bearer\s+(.*)$/i.exec(response.headers.get("www-authenticate") ?? "")?.[1];
      if (!challenge) return undefined;
      const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map(([, key = "", value = ""]) => [key, value]));
      if (!params["realm"]) return undefined;
      const tokenUrl = new URL(params["realm"]);
      for (const key of ["service", "scope"]) if (params[key]) tokenUrl.searchParams.set(key, params[key] ?? "");
      const issued = await send(http, "GET", tokenUrl.toString(), signal, basic ? { authorization: basic } : {});
      const body = JSON.parse(issued.bodyAsText ?? "{}") as { token?: string; access_token?: string };
      const token = body.token ?? body.access_token;
      if (issued.status !== 200 || !token) return undefined;
      response = await head(`Bearer ${token}`);
    }
    return response.status === 200 ? (response.headers.get("docker-content-digest") ?? undefined) : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === "AbortError") throw error;
    return undefined;
  }
}

async function send(http: HttpClient, method: "GET" | "HEAD", url: string, signal: AbortSignal | undefined, headers: Record<string, string>) {
  return http.sendRequest(createPipelineRequest({ url, method, headers: createHttpHeaders(headers), ...(signal && { abortSignal: signal }) }));
}
