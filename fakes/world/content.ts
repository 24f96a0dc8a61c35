/**
 * Image content shared by fake registries and the public-source catalogue: repositories of tags
 * pointing at content-addressed manifests, and the references (`repo:tag`, `repo@sha256:…`)
 * that name them.
 */
import { createHash } from "node:crypto";
import type { Manifest, Repository } from "./types.js";

/** Anything that holds repositories: a fake registry or a catalogue source. */
export interface ImageStore {
  repositories: Map<string, Repository>;
}

export interface ImageReference {
  repository: string;
  /** Set for `repo:tag` and bare `repo` (which means `latest`). */
  tag?: string;
  /** Set for `repo@sha256:…`. */
  digest?: string;
}

export interface FoundImage {
  repository: string;
  tag?: string;
  manifest: Manifest;
}

const MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

/** A deterministic manifest: the same content string always yields the same digest. */
export function manifestFor(content: string, mediaType = MANIFEST_LIST): Manifest {
  const hex = createHash("sha256").update(content).digest("hex");
  return { digest: `sha256:${hex}`, mediaType, sizeBytes: 1000 + (parseInt(hex.slice(0, 4), 16) % 9000) };
}

/**
 * Parses `repo`, `repo:tag` or `repo@sha256:<64 hex>`; undefined when malformed. A bare
 * repository means its `latest` tag, as in Docker.
 */
export function parseImageReference(reference: string): ImageReference | undefined {
  const at = reference.indexOf("@");
  if (at >= 0) {
    const repository = reference.slice(0, at);
    const digest = reference.slice(at + 1);
    if (!validRepository(repository) || !/^sha256:[0-9a-f]{64}$/.test(digest)) return undefined;
    return { repository, digest };
  }
  const colon = reference.lastIndexOf(":");
  const hasTag = colon > reference.lastIndexOf("/");
  const repository = hasTag ? reference.slice(0, colon) : reference;
  const tag = hasTag ? reference.slice(colon + 1) : "latest";
  if (!validRepository(repository) || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) return undefined;
  return { repository, tag };
}

function validRepository(name: string): boolean {
  return /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(name);
}

/** Points `repository:tag` at `manifest`, creating the repository and replacing an older tag. */
export function tagImage(store: ImageStore, repository: string, tag: string, manifest: Manifest): void {
  const repo = ensureRepository(store, repository);
  repo.manifests.set(manifest.digest, manifest);
  repo.tags.set(tag, manifest.digest);
}

/** Copies a manifest into a repository without tagging it (importImage's untaggedTargetRepositories). */
export function addUntaggedManifest(store: ImageStore, repository: string, manifest: Manifest): void {
  ensureRepository(store, repository).manifests.set(manifest.digest, manifest);
}

function ensureRepository(store: ImageStore, name: string): Repository {
  let repo = store.repositories.get(name);
  if (!repo) {
    repo = { name, tags: new Map(), manifests: new Map() };
    store.repositories.set(name, repo);
  }
  return repo;
}

/** Finds an image by `repo`, `repo:tag` or `repo@sha256:…`. */
export function findImage(store: ImageStore, reference: string): FoundImage | undefined {
  const parsed = parseImageReference(reference);
  const repo = parsed && store.repositories.get(parsed.repository);
  if (!parsed || !repo) return undefined;
  if (parsed.digest !== undefined) {
    const manifest = repo.manifests.get(parsed.digest);
    return manifest && { repository: repo.name, manifest };
  }
  const digest = parsed.tag === undefined ? undefined : repo.tags.get(parsed.tag);
  const manifest = digest === undefined ? undefined : repo.manifests.get(digest);
  return manifest && { repository: repo.name, tag: parsed.tag, manifest };
}

/** Every tagged image as `repo:tag`, sorted. */
export function listImages(store: ImageStore): string[] {
  const images: string[] = [];
  for (const repo of store.repositories.values()) {
    for (const tag of repo.tags.keys()) images.push(`${repo.name}:${tag}`);
  }
  return images.sort();
}
