import { pollSettings } from "../arm/pollSettings.js";
import { fromThrown } from "../arm/armError.js";
import { DEFAULT_RETRY } from "../arm/retry.js";
import { sleep } from "../arm/sleep.js";
import type { ArmResponse } from "../arm/types.js";
import type { Context } from "../context.js";
import { AksAcrError, hasErrorCode, isAksAcrError } from "../errors.js";
import { registryId } from "../ids.js";
import type { RegistryRef } from "../ids.js";
import { REGISTRIES_API } from "../resolve/api-versions.js";
import { resolveRegistry } from "../resolve/registry.js";
import type { ResolveOptions } from "../resolve/types.js";
import { planImport } from "./importPlan.js";
import type { ImportPlan } from "./importPlan.js";
import { sourceDigest, targetDigests } from "./sourceDigest.js";
import type { ImportedSource, ImportImageOptions, ImportImageResult, ImportSourceInput } from "./types.js";

/**
 * `az acr import`: copies an image into the registry through ARM (`importImage`), so no Docker is
 * needed. The source is parsed and every option checked before any request; the target registry
 * and a source registry named by name are resolved in parallel.
 */
export async function importImage(
  ctx: Context,
  ref: RegistryRef,
  source: ImportSourceInput,
  options: ImportImageOptions = {},
): Promise<ImportImageResult> {
  const operation = `import ${describe(source)} into registry ${ref.name}`;
  const plan = planImport(source, options, ctx.cloud, operation);
  const polling = pollSettings(options, operation);
  const signal = options.abortSignal;
  const resolveOptions = { operation, ...(signal && { abortSignal: signal }) };
  const [target, resolved] = await Promise.all([resolveRegistry(ctx, ref, resolveOptions), resolveSource(ctx, plan, resolveOptions)]);
  const { loginServer: sourceLoginServer, ...sent } = resolved;
  const body = {
    source: { ...sent, ...(plan.credentials && { credentials: plan.credentials }) },
    targetTags: plan.targetTags,
    ...(plan.untaggedRepositories.length > 0 && { untaggedTargetRepositories: plan.untaggedRepositories }),
    mode: plan.mode,
  };

  let started = false;
  const state = { lostAnswers: 0 };
  try {
    const initial = await sendImport(ctx, { path: `${target.id}/importImage`, body, operation, scope: target.id, signal }, state);
    started = true;
    if (initial.status === 202 || initial.header("location") !== undefined || initial.header("azure-asyncoperation") !== undefined) {
      await ctx.arm.poll(initial, {
        operation,
        scope: target.id,
        abortSignal: signal,
        ...(options.onProgress && { onProgress: options.onProgress }),
        ...polling,
      });
    }
  } catch (error) {
    const clarified = clarifyImportFailure(error, plan, operation, target.id, started);
    const digest = await alreadyImported(ctx, clarified, plan, target.loginServer, sourceLoginServer, signal);
    if (digest === undefined) throw state.lostAnswers > 0 && isAksAcrError(clarified) ? mayHaveImported(clarified, plan) : clarified;
    return { ...result(target, sent, plan), digest, unchanged: true };
  }
  return result(target, sent, plan);
}

/**
 * POSTs the import, sending it again (within the retry budget) when the connection drops, and
 * counting the lost answers: each may have started an import, which a later Conflict must not hide.
 */
async function sendImport(
  ctx: Context,
  request: { path: string; body: unknown; operation: string; scope: string; signal: AbortSignal | undefined },
  state: { lostAnswers: number },
): Promise<ArmResponse> {
  const { maxRetries, retryDelayInMs, maxRetryDelayInMs } = { ...DEFAULT_RETRY, ...definedOnly(ctx.options.retryOptions ?? {}) };
  for (;;) {
    try {
      return await ctx.arm.send({
        method: "POST",
        path: request.path,
        apiVersion: REGISTRIES_API,
        body: request.body,
        operation: request.operation,
        scope: request.scope,
        abortSignal: request.signal,
        retryDropped: false,
      });
    } catch (error) {
      if (!hasErrorCode(error, "ServiceUnavailable") || error.status !== undefined) throw error;
      state.lostAnswers++;
      if (state.lostAnswers > maxRetries) throw error;
      await sleep(Math.min(retryDelayInMs * 2 ** (state.lostAnswers - 1), maxRetryDelayInMs), request.signal).catch((abort: unknown) => {
        throw fromThrown(abort, { operation: request.operation, scope: request.scope, method: "POST", url: request.path });
      });
    }
  }
}

/** A failure after an attempt whose answer was lost: that attempt may have imported, so `changed` says so. */
function mayHaveImported(error: AksAcrError, plan: ImportPlan): AksAcrError {
  const tags = plan.targetTags.join(", ");
  return new AksAcrError(error.code, {
    operation: error.operation,
    ...(error.scope !== undefined && { scope: error.scope }),
    reason: `${error.reason.replace(/\.$/, "")}; an earlier attempt of this import got no answer and may have written ${tags}, which could not be confirmed`,
    ...(error.fix !== undefined && { fix: error.fix }),
    ...(error.response && { response: error.response }),
    changed: error.changed.length > 0 ? [...error.changed] : [`may have imported ${plan.source.display} as ${tags} (an attempt whose answer was lost)`],
    cause: error,
    details: error.details,
  });
}

function result(target: { id: string; loginServer: string }, sent: ImportedSource, plan: ImportPlan): ImportImageResult {
  return {
    registry: { id: target.id, loginServer: target.loginServer },
    source: sent,
    tags: plan.targetTags,
    images: plan.targetTags.map((tag) => `${target.loginServer}/${tag}`),
    untaggedRepositories: plan.untaggedRepositories,
    ...(plan.digest !== undefined && { digest: plan.digest }),
  };
}

/**
 * A NoForce import refused because a target tag exists is a success when every target tag already
 * points at the source's digest: this import already happened (a re-run, or a re-send after the
 * POST's answer was lost and the first operation completed). Returns that digest; undefined when
 * any tag holds something else or a digest cannot be read, and the Conflict stands.
 */
async function alreadyImported(
  ctx: Context,
  error: unknown,
  plan: ImportPlan,
  loginServer: string,
  sourceLoginServer: string | undefined,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  if (!hasErrorCode(error, "Conflict") || plan.mode !== "NoForce" || plan.untaggedRepositories.length > 0) return undefined;
  const [source, targets] = await Promise.all([sourceDigest(ctx, plan, sourceLoginServer, signal), targetDigests(ctx, loginServer, plan, signal)]);
  return source !== undefined && targets.every((digest) => digest === source) ? source : undefined;
}

/**
 * The source as ARM wants it. A source registry given by id is sent as given (ARM checks access, as
 * az does); one named by name or login server is looked up for its id.
 */
async function resolveSource(ctx: Context, plan: ImportPlan, options: ResolveOptions): Promise<ImportedSource & { loginServer?: string }> {
  const { source } = plan;
  if (source.kind === "uri") return { registryUri: source.registryUri, sourceImage: source.sourceImage };
  if (source.registry.kind === "id") {
    const { subscriptionId, resourceGroup, name } = source.registry;
    const loginServer = `${name.toLowerCase()}.${ctx.cloud.acrLoginServerSuffix}`;
    return { resourceId: registryId(subscriptionId, resourceGroup, name), sourceImage: source.sourceImage, loginServer };
  }
  const registry = await resolveRegistry(ctx, source.registry, options);
  return { resourceId: registry.id, sourceImage: source.sourceImage, loginServer: registry.loginServer };
}

function describe(source: ImportSourceInput): string {
  if (typeof source === "string") return source;
  if (typeof source === "object" && source !== null) return `${String(source.image)} from ${String(source.registry)}`;
  return String(source);
}

/** Failures of the request or the wait, not of the import itself: whether ARM had accepted it decides what they left. */
const TRANSIENT = new Set(["Throttled", "ServiceUnavailable", "Aborted", "Timeout"]);

/**
 * Says whether the import was running when the call gave up: if ARM had accepted it, it may still
 * complete and write the tags; if not (or the POST's answer was lost), re-running is safe.
 */
function withImportState(error: AksAcrError, plan: ImportPlan, started: boolean): AksAcrError {
  const tags = plan.targetTags.join(", ");
  const state = started
    ? `; ARM had accepted the import, which may still complete and write ${tags}`
    : error.status === undefined
      ? "; the import request got no answer, so it may or may not have started"
      : "; ARM refused the import request, nothing was changed";
  return new AksAcrError(error.code, {
    operation: error.operation,
    ...(error.scope !== undefined && { scope: error.scope }),
    reason: `${error.reason.replace(/\.$/, "")}${state}`,
    ...(error.fix !== undefined && { fix: error.fix }),
    ...(error.response && { response: error.response }),
    changed: started ? [`started importing ${plan.source.display} as ${tags}`] : [],
    cause: error,
    details: error.details,
  });
}

const TAG_EXISTS = /already exists|tag.*exist|TagAlreadyExists|ManifestAlreadyExists/i;
const SOURCE_MISSING = /not ?found|does not exist|ManifestUnknown|NAME_UNKNOWN/i;
const SOURCE_DENIED = /unauthori[sz]ed|authenticat|credential|denied|forbidden/i;

/**
 * ARM reports a failed import as a failed operation (or a 4xx on the POST) whose code and message
 * say why; the common causes get a code a program can branch on and a fix a person can follow.
 * The request body (with credentials) is never quoted: only ARM's own code and message are.
 */
function clarifyImportFailure(error: unknown, plan: ImportPlan, operation: string, scope: string, started: boolean): unknown {
  if (isAksAcrError(error) && TRANSIENT.has(error.code)) return withImportState(error, plan, started);
  if (!isAksAcrError(error) || !["OperationFailed", "RequestFailed", "Conflict", "NotFound", "AuthenticationFailed"].includes(error.code)) return error;
  const armCode = error.armCode ?? "";
  const armMessage = error.response?.armMessage ?? "";
  const said = `${armCode} ${armMessage}`;
  const base = {
    operation,
    scope,
    ...(error.response && { response: error.response }),
    cause: error,
    details: { ...error.details, armCode, armMessage },
  };
  const quoted = armMessage === "" ? armCode : `${armCode ? `${armCode}: ` : ""}${armMessage}`;
  const sourceName = plan.source.kind === "uri" ? plan.source.registryUri : plan.source.registry.name;
  if (TAG_EXISTS.test(said)) {
    return new AksAcrError("Conflict", {
      ...base,
      reason: `a target tag already exists (${quoted})`,
      fix: 'Pass mode: "Force" to overwrite it, or choose another tag',
    });
  }
  if (SOURCE_DENIED.test(said) && error.code !== "NotFound") {
    return new AksAcrError("AuthenticationFailed", {
      ...base,
      reason: `the source registry ${sourceName} refused access (${quoted})`,
      fix: plan.credentials
        ? `Check the username and password for ${sourceName}`
        : `Pass credentials: { username, password } for ${sourceName}, or import from a public image`,
    });
  }
  if (error.code !== "NotFound" && SOURCE_MISSING.test(said)) {
    return new AksAcrError("NotFound", {
      ...base,
      reason: `the source image ${plan.source.display} was not found (${quoted})`,
      fix: "Check the source's registry, repository and tag (or digest)",
    });
  }
  return error;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
