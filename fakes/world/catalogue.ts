/**
 * The registries outside Azure that importImage can copy from: the public images people import
 * in the AKS/ACR walkthroughs, and one private registry that needs credentials. The catalogue is
 * fixed content, shared by every world and never changed by requests.
 */
import { type ImageStore, manifestFor, tagImage } from "./content.js";

/** A private source registry for tests of `source.credentials`. */
export const PRIVATE_SOURCE_URI = "private.example.com";
export const PRIVATE_SOURCE_USERNAME = "importer";
export const PRIVATE_SOURCE_PASSWORD = "fake-private-registry-password";

export interface SourceRegistry extends ImageStore {
  /** The canonical registry host, e.g. `docker.io`. */
  uri: string;
  /** Credentials the source demands; absent for anonymous public registries. */
  credentials?: { username: string; password: string };
}

function source(uri: string, images: string[], credentials?: SourceRegistry["credentials"]): SourceRegistry {
  const registry: SourceRegistry = { uri, repositories: new Map(), ...(credentials ? { credentials } : {}) };
  for (const image of images) {
    const colon = image.lastIndexOf(":");
    const repository = image.slice(0, colon);
    const tag = image.slice(colon + 1);
    tagImage(registry, repository, tag, manifestFor(`${uri}/${image}`));
  }
  return registry;
}

const SOURCES: readonly SourceRegistry[] = [
  source("docker.io", [
    "library/nginx:latest",
    "library/nginx:1.27",
    "library/nginx:stable",
    "library/nginx:alpine",
    "library/hello-world:latest",
  ]),
  source("mcr.microsoft.com", ["azuredocs/aks-helloworld:v1", "k8se/quickstart:latest", "aks/canipull:v0.1.0", "aks/canipull:v0.0.3-alpha"]),
  source(PRIVATE_SOURCE_URI, ["team/app:1.0", "team/app:latest"], {
    username: PRIVATE_SOURCE_USERNAME,
    password: PRIVATE_SOURCE_PASSWORD,
  }),
];

/** Other names Docker Hub answers to. */
const ALIASES: Record<string, string> = {
  "registry.hub.docker.com": "docker.io",
  "index.docker.io": "docker.io",
  "registry-1.docker.io": "docker.io",
};

/** The catalogue source for a registry URI (host, optionally with scheme or trailing slash). */
export function findSourceRegistry(registryUri: string): SourceRegistry | undefined {
  const host = registryUri
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");
  const canonical = ALIASES[host] ?? host;
  return SOURCES.find((s) => s.uri === canonical);
}
