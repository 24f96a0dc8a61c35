/**
 * Image references the way people write them (`nginx`, `docker.io/library/nginx:latest`,
 * `mcr.microsoft.com/azuredocs/aks-helloworld:v1`, `repo@sha256:…`), parsed with the grammar of
 * the OCI distribution reference, so a malformed one fails here rather than as a failed import
 * minutes later.
 */

/** Docker Hub, where a reference without a registry points, as `docker pull` reads it. */
export const DOCKER_HUB = "docker.io";

/** A source image split into what `importImage` wants. */
export interface ParsedImageRef {
  /** The registry's address: `docker.io`, `mcr.microsoft.com`, `myacr.azurecr.io`. */
  registry: string;
  /** Repository path inside the registry, e.g. `library/nginx`. */
  repository: string;
  /** The tag; `latest` when neither a tag nor a digest was given. */
  tag?: string;
  /** `sha256:<64 hex>` when the reference names a manifest by digest. */
  digest?: string;
}

/** A `repo[:tag]` inside a registry, as import's target tags are written. */
export interface RepositoryTag {
  repository: string;
  tag?: string;
}

/** Why a reference is malformed, as a sentence; callers wrap it into an `InvalidInput` error. */
export class ImageRefSyntaxError extends Error {
  override readonly name = "ImageRefSyntaxError";
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const PORT = /^[0-9]{1,5}$/;
const MAX_NAME_LENGTH = 255;

/**
 * Parses a full image reference. A first path component with a `.` or a `:` (or `localhost`) is
 * the registry, as Docker reads it; otherwise the image is on Docker Hub, where a one-component
 * name lives under `library/`.
 */
export function parseImageRef(input: string): ParsedImageRef {
  checkText(input, "image reference");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    throw new ImageRefSyntaxError(`"${input}" starts with a URL scheme; write the image without it, e.g. "mcr.microsoft.com/repo:tag"`);
  }
  const { name, digest } = splitDigest(input);
  const firstSlash = name.indexOf("/");
  const first = firstSlash < 0 ? "" : name.slice(0, firstSlash);
  const namesRegistry = firstSlash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  const registry = namesRegistry ? parseHost(first, input) : DOCKER_HUB;
  const rest = namesRegistry ? name.slice(firstSlash + 1) : name;
  const { repository, tag } = parseRepositoryTag(rest, input);
  const fullRepository = registry === DOCKER_HUB && !repository.includes("/") ? `library/${repository}` : repository;
  return {
    registry,
    repository: fullRepository,
    ...(tag !== undefined ? { tag } : digest === undefined ? { tag: "latest" } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/**
 * Parses an image inside a known registry (`repo:tag`, `repo@sha256:…`), as the object form of
 * an import source names it; no registry part and no `library/` prefix.
 */
export function parseRepositoryImage(input: string): Omit<ParsedImageRef, "registry"> {
  checkText(input, "image");
  const { name, digest } = splitDigest(input);
  const { repository, tag } = parseRepositoryTag(name, input);
  return {
    repository,
    ...(tag !== undefined ? { tag } : digest === undefined ? { tag: "latest" } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** Parses a target `repo[:tag]` (no registry, no digest). */
export function parseRepositoryTag(input: string, whole: string = input): RepositoryTag {
  checkText(input, "repository");
  const colon = input.lastIndexOf(":");
  const hasTag = colon > input.lastIndexOf("/");
  const repository = hasTag ? input.slice(0, colon) : input;
  if (hasTag) {
    const tag = input.slice(colon + 1);
    checkTag(tag, whole);
    checkRepository(repository, whole);
    return { repository, tag };
  }
  checkRepository(repository, whole);
  return { repository };
}

/** Writes a parsed reference back as `repo:tag` / `repo@digest`, the form `sourceImage` takes. */
export function formatRepositoryImage(ref: Omit<ParsedImageRef, "registry">): string {
  if (ref.digest !== undefined) return `${ref.repository}@${ref.digest}`;
  return `${ref.repository}:${ref.tag ?? "latest"}`;
}

function checkText(input: string, what: string): void {
  if (typeof input !== "string" || input.length === 0) throw new ImageRefSyntaxError(`the ${what} is empty`);
  if (/\s/.test(input)) throw new ImageRefSyntaxError(`"${input}" contains whitespace`);
}

function splitDigest(input: string): { name: string; digest?: string } {
  const at = input.indexOf("@");
  if (at < 0) return { name: input };
  const digest = input.slice(at + 1);
  if (!DIGEST.test(digest)) {
    throw new ImageRefSyntaxError(`"${digest}" in "${input}" is not a digest: write "sha256:" and 64 lower-case hex digits`);
  }
  const withTag = input.slice(0, at);
  // A tag next to a digest is ignored by registries (the digest wins): check it, then drop it.
  const colon = withTag.lastIndexOf(":");
  if (colon <= withTag.lastIndexOf("/")) return { name: withTag, digest };
  checkTag(withTag.slice(colon + 1), input);
  return { name: withTag.slice(0, colon), digest };
}

function checkTag(tag: string, whole: string): void {
  if (tag === "") throw new ImageRefSyntaxError(`"${whole}" has a ":" but no tag after it`);
  if (!TAG.test(tag)) {
    throw new ImageRefSyntaxError(
      `tag "${tag}" in "${whole}" is not valid: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`,
    );
  }
}

function parseHost(host: string, whole: string): string {
  const [hostname = "", port, ...extra] = host.split(":");
  const labelsValid = hostname.split(".").every((label) => HOST_LABEL.test(label));
  if (!labelsValid || extra.length > 0 || (port !== undefined && !PORT.test(port))) {
    throw new ImageRefSyntaxError(`"${host}" in "${whole}" is not a registry address (host name with an optional port)`);
  }
  return host.toLowerCase();
}

function checkRepository(repository: string, whole: string): void {
  if (repository === "") throw new ImageRefSyntaxError(`"${whole}" names no repository`);
  if (repository.length > MAX_NAME_LENGTH) {
    throw new ImageRefSyntaxError(`the repository in "${whole}" is longer than ${MAX_NAME_LENGTH} characters`);
  }
  for (const component of repository.split("/")) {
    if (!PATH_COMPONENT.test(component)) {
      const hint = /[A-Z]/.test(component) ? "repository names are lower case" : 'use lower-case letters and digits, separated by ".", "_", "__" or "-"';
      throw new ImageRefSyntaxError(`"${component || "(empty)"}" in "${whole}" is not a valid repository name: ${hint}`);
    }
  }
}
