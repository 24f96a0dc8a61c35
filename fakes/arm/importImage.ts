/**
 * `POST {registryId}/importImage`: copies an image from a public/private registry URI, from
 * another fake registry (by `source.resourceId` or by its login server as `registryUri`), into
 * the target registry. A malformed body is refused at once with 400 `InvalidParameters` (ACR's
 * code for bad import arguments); everything that depends on the source's content is decided
 * when the operation completes, and reported on the Location poll (see operations.ts) as:
 *
 * - `NotFound`: the source registry or the source image (tag or digest) does not exist;
 * - `Unauthorized`: the source demands credentials and they are missing or wrong;
 * - `TagAlreadyExists`: mode NoForce and a target tag exists already (message as ACR words it:
 *   "Tag <t> already exists in target registry.").
 *
 * Same-tenant ACR sources need no credentials, as in Azure (ARM authorises the copy).
 */
import { resourceNotFound } from "../http/armErrors.js";
import { authorize } from "../http/authorize.js";
import { armError } from "../http/respond.js";
import type { Route, RouteContext } from "../http/route.js";
import { findSourceRegistry } from "../world/catalogue.js";
import { type ImageStore, addUntaggedManifest, findImage, parseImageReference, tagImage } from "../world/content.js";
import { findRegistryById, findRegistryByLoginServer, registryId } from "../world/registries.js";
import type { Operation, Registry } from "../world/types.js";
import type { World } from "../world/world.js";
import { OperationFailure, locationHeaders, startOperation } from "./operations.js";
import { REGISTRY_TYPE } from "./registryResource.js";

const IMPORT_ACTION = "Microsoft.ContainerRegistry/registries/importImage/action";

interface ImportRequest {
  resourceId?: string;
  registryUri?: string;
  sourceImage: string;
  credentials?: { username?: string; password: string };
  /** Target tags resolved to `repo:tag`. */
  targetTags: string[];
  untaggedTargetRepositories: string[];
  force: boolean;
}

function invalid(message: string): Response {
  return armError(400, "InvalidParameters", message);
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");

/** Validates the body as ImportImageParameters; a 400 Response when it is not one. */
function readRequest(body: unknown): ImportRequest | Response {
  if (typeof body !== "object" || body === null) return invalid("The import parameters are required.");
  const { source, targetTags = [], untaggedTargetRepositories = [], mode = "NoForce" } = body as Record<string, unknown>;
  if (typeof source !== "object" || source === null) return invalid("source is required.");
  const { resourceId, registryUri, sourceImage, credentials } = source as Record<string, unknown>;
  if (typeof sourceImage !== "string" || !parseImageReference(sourceImage)) {
    return invalid(`source.sourceImage '${String(sourceImage)}' is invalid: expected 'repository', 'repository:tag' or 'repository@sha256:<digest>'.`);
  }
  const hasId = typeof resourceId === "string" && resourceId !== "";
  const hasUri = typeof registryUri === "string" && registryUri !== "";
  if (hasId === hasUri) return invalid("Exactly one of source.resourceId and source.registryUri must be given.");
  if (credentials !== undefined && (typeof credentials !== "object" || credentials === null || typeof (credentials as { password?: unknown }).password !== "string")) {
    return invalid("source.credentials.password is required when credentials are given.");
  }
  if (mode !== "NoForce" && mode !== "Force") return invalid(`mode '${String(mode)}' is invalid. Accepted values: NoForce, Force.`);
  if (!isStringArray(targetTags) || !isStringArray(untaggedTargetRepositories)) {
    return invalid("targetTags and untaggedTargetRepositories must be arrays of strings.");
  }
  if (targetTags.length === 0 && untaggedTargetRepositories.length === 0) {
    return invalid("At least one of targetTags or untaggedTargetRepositories must be given.");
  }
  const sourceTag = parseImageReference(sourceImage)?.tag ?? "latest";
  const resolvedTags: string[] = [];
  for (const target of targetTags) {
    const hasTag = target.lastIndexOf(":") > target.lastIndexOf("/");
    const full = hasTag ? target : `${target}:${sourceTag}`;
    if (parseImageReference(full)?.tag === undefined) return invalid(`targetTags entry '${target}' is invalid: expected 'repository[:tag]'.`);
    resolvedTags.push(full);
  }
  const badRepository = untaggedTargetRepositories.find((r) => parseImageReference(r)?.tag !== "latest" || r.includes(":"));
  if (badRepository !== undefined) return invalid(`untaggedTargetRepositories entry '${badRepository}' is not a repository name.`);
  return {
    ...(hasId ? { resourceId: resourceId as string } : { registryUri: registryUri as string }),
    sourceImage,
    ...(credentials ? { credentials: credentials as NonNullable<ImportRequest["credentials"]> } : {}),
    targetTags: resolvedTags,
    untaggedTargetRepositories,
    force: mode === "Force",
  };
}

function describeSource(req: ImportRequest): string {
  return req.resourceId ? `${req.resourceId} ${req.sourceImage}` : `${req.registryUri}/${req.sourceImage}`;
}

/** The store to copy from, checking credentials where the source demands them. */
function resolveSource(world: World, req: ImportRequest, fail: (code: string, why: string) => never): ImageStore {
  if (req.resourceId) return findRegistryById(world, req.resourceId) ?? fail("NotFound", `Source registry ${req.resourceId} not found.`);
  const uri = req.registryUri ?? "";
  const fakeRegistry = findRegistryByLoginServer(world, uri);
  if (fakeRegistry) return fakeRegistry;
  const source = findSourceRegistry(uri) ?? fail("NotFound", `Source registry ${uri} could not be reached.`);
  if (source.credentials) {
    const given = req.credentials;
    if (!given || given.username !== source.credentials.username || given.password !== source.credentials.password) {
      fail("Unauthorized", `Authentication to source registry ${uri} failed: ${given ? "the credentials were rejected" : "credentials are required"}.`);
    }
  }
  return source;
}

function copyImage(world: World, target: Registry, req: ImportRequest, op: () => Operation): void {
  const fail = (code: string, why: string): never => {
    throw new OperationFailure(code, `Operation ${op().id} failed. Resource ${target.id} ${why}`);
  };
  const source = resolveSource(world, req, fail);
  const image = findImage(source, req.sourceImage) ?? fail("NotFound", `Source image ${describeSource(req)} not found.`);
  if (!req.force) {
    const existing = req.targetTags.find((tag) => findImage(target, tag));
    if (existing !== undefined) fail("TagAlreadyExists", `${existing} Tag ${existing} already exists in target registry.`);
  }
  for (const tag of req.targetTags) {
    const parsed = parseImageReference(tag);
    if (parsed?.tag !== undefined) tagImage(target, parsed.repository, parsed.tag, image.manifest);
  }
  for (const repository of req.untaggedTargetRepositories) addUntaggedManifest(target, repository, image.manifest);
}

function importImage(ctx: RouteContext): Response {
  const { subscriptionId = "", resourceGroup = "", name = "" } = ctx.params;
  const id = registryId(subscriptionId, resourceGroup, name);
  const denied = authorize(ctx, IMPORT_ACTION, id);
  if (denied) return denied;
  const target = findRegistryById(ctx.world, id);
  if (!target) return resourceNotFound(REGISTRY_TYPE, name, resourceGroup);
  const req = readRequest(ctx.body);
  if (req instanceof Response) return req;
  const progressBody = Object.fromEntries([...req.targetTags, ...req.untaggedTargetRepositories].map((t) => [t, "Pending"]));
  const op: Operation = startOperation(ctx, {
    kind: "importImage",
    resourceId: target.id,
    progressBody,
    complete: () => copyImage(ctx.world, target, req, () => op),
  });
  return new Response(null, { status: 202, headers: locationHeaders(ctx, op) });
}

export const routes: Route[] = [
  {
    method: "POST",
    pattern: /^\/subscriptions\/(?<subscriptionId>[^/]+)\/resourceGroups\/(?<resourceGroup>[^/]+)\/providers\/Microsoft\.ContainerRegistry\/registries\/(?<name>[^/]+)\/importImage$/i,
    operation: "Registries_ImportImage",
    handle: importImage,
  },
];
