import type { Cloud } from "../cloud.js";
import { AksAcrError } from "../errors.js";
import { parseRegistryRef } from "../ids.js";
import type { RegistryRef } from "../ids.js";
import {
  ImageRefSyntaxError,
  formatRepositoryImage,
  parseImageRef,
  parseRepositoryImage,
  parseRepositoryTag,
} from "./imageRef.js";
import type { ImportCredentials, ImportImageOptions, ImportSourceInput } from "./types.js";

/** Where the image comes from: an address (`registryUri`) or another Azure registry (`resourceId`). */
export type PlannedSource =
  | { kind: "uri"; registryUri: string; sourceImage: string; display: string }
  | { kind: "registry"; registry: RegistryRef; sourceImage: string; display: string };

/** Everything `import` will send, validated before the first request. */
export interface ImportPlan {
  source: PlannedSource;
  /** `repo:tag`, always with a tag, so the result can say exactly what was written. */
  targetTags: string[];
  untaggedRepositories: string[];
  mode: "NoForce" | "Force";
  credentials: ImportCredentials | undefined;
  /** The source's digest, when it names one. */
  digest: string | undefined;
}

const MODES = ["NoForce", "Force"] as const;

/**
 * Parses the source and the options of `import`. Every problem is an `InvalidInput` naming the bad
 * value (never a password), thrown before any request.
 */
export function planImport(source: ImportSourceInput, options: ImportImageOptions, cloud: Cloud, operation: string): ImportPlan {
  const invalid = (scope: string, reason: string, fix: string): AksAcrError =>
    new AksAcrError("InvalidInput", { operation, scope, reason, fix });
  const parsed = syntax(operation, () => parseSource(source, cloud));
  const mode = options.mode ?? "NoForce";
  if (!MODES.includes(mode)) throw invalid(JSON.stringify(mode), 'mode must be "NoForce" or "Force"', 'Pass mode: "Force" to overwrite existing tags');

  const untaggedRepositories = syntax(operation, () => listOf(options.untaggedRepositories, "untaggedRepositories").map((repo) => {
    const { repository, tag } = parseRepositoryTag(repo);
    if (tag !== undefined) throw new ImageRefSyntaxError(`untagged repository "${repo}" has a tag; list it in tags instead`);
    return repository;
  }));
  const defaultTag = parsed.tag ?? "latest";
  const explicitTags = syntax(operation, () => listOf(options.tags, "tags").map((target) => {
    const { repository, tag } = parseRepositoryTag(target);
    return `${repository}:${tag ?? defaultTag}`;
  }));
  // As az acr import: with neither tags nor untagged repositories, the source's own repository and tag.
  const targetTags =
    options.tags === undefined && untaggedRepositories.length === 0 ? [`${parsed.repository}:${defaultTag}`] : explicitTags;
  if (targetTags.length === 0 && untaggedRepositories.length === 0) {
    throw invalid("tags", "there is nothing to import into: tags and untaggedRepositories are both empty", 'Pass tags: ["repo:tag"], or omit tags to keep the source\'s');
  }
  const credentials = checkCredentials(options.credentials, parsed.source, invalid);
  return { source: parsed.source, targetTags, untaggedRepositories, mode, credentials, digest: parsed.digest };
}

interface ParsedSource {
  source: PlannedSource;
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

function parseSource(source: ImportSourceInput, cloud: Cloud): ParsedSource {
  if (typeof source === "string") {
    const ref = parseImageRef(source);
    const sourceImage = formatRepositoryImage(ref);
    return {
      source: { kind: "uri", registryUri: ref.registry, sourceImage, display: `${ref.registry}/${sourceImage}` },
      repository: ref.repository,
      tag: ref.tag,
      digest: ref.digest,
    };
  }
  if (typeof source !== "object" || source === null || typeof source.registry !== "string") {
    throw new ImageRefSyntaxError('the source is neither an image reference nor { registry, image }');
  }
  const registry = parseRegistryRef(source.registry, cloud);
  const image = parseRepositoryImage(source.image);
  const sourceImage = formatRepositoryImage(image);
  return {
    source: { kind: "registry", registry, sourceImage, display: `${registry.name}/${sourceImage}` },
    repository: image.repository,
    tag: image.tag,
    digest: image.digest,
  };
}

function listOf(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw new ImageRefSyntaxError(`${name} must be an array of strings`);
  }
  return value as string[];
}

function checkCredentials(
  credentials: ImportCredentials | undefined,
  source: PlannedSource,
  invalid: (scope: string, reason: string, fix: string) => AksAcrError,
): ImportCredentials | undefined {
  if (credentials === undefined) return undefined;
  // Scope "credentials" on purpose: the values must never reach a message.
  if (typeof credentials !== "object" || credentials === null || typeof credentials.password !== "string" || credentials.password === "") {
    throw invalid("credentials", "credentials need a non-empty password", "Pass credentials: { username, password }");
  }
  if (typeof credentials.username !== "string" || credentials.username === "") {
    throw invalid("credentials", "credentials need a non-empty username", "Pass credentials: { username, password }");
  }
  if (source.kind === "registry") {
    throw invalid(
      "credentials",
      "credentials apply to a source named by address; a source Azure registry is read with your Azure identity",
      'Drop credentials, or name the source by its login server ("other.azurecr.io/repo:tag")',
    );
  }
  return { username: credentials.username, password: credentials.password };
}

function syntax<T>(operation: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ImageRefSyntaxError)) throw error;
    throw new AksAcrError("InvalidInput", {
      operation,
      reason: error.message,
      fix: 'Write the image as [registry/]repository[:tag] or repository@sha256:<digest>, e.g. "docker.io/library/nginx:latest"',
    });
  }
}
