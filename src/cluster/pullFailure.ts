import type { PodSummary } from "./types.js";

/** Where an image lives: its registry host and `repository:tag` (Docker Hub when no host is named). */
export function splitImage(image: string): { host: string; path: string } {
  const slash = image.indexOf("/");
  const first = slash < 0 ? "" : image.slice(0, slash);
  // Like Docker: the first part is a host only when it looks like one.
  if (first && (first.includes(".") || first.includes(":") || first === "localhost")) {
    return { host: first.toLowerCase(), path: image.slice(slash + 1) };
  }
  return { host: "docker.io", path: image };
}

/** The sentence that tells a user how to make a failed pull succeed. */
export function pullFailureFix(
  pod: PodSummary,
  context: { clusterLabel: string; registrySuffixes: readonly string[] },
): string {
  if (pod.reason === "InvalidImageName") return "Correct the image reference in the deployment spec";
  const { host, path } = splitImage(pod.image);
  const suffix = context.registrySuffixes.find((s) => host.endsWith(`.${s.toLowerCase()}`));
  const message = pod.message ?? "";
  if (suffix) {
    const registry = host.slice(0, -(suffix.length + 1));
    if (/\bnot found\b|manifest unknown/i.test(message)) {
      return `Check that ${path} exists in ${registry}, or import it: registry("${registry}").import("<source image>", { tags: ["${path}"] })`;
    }
    if (/\b401\b|unauthorized|failed to authorize|\b403\b/i.test(message) || pod.reason === "ImagePullBackOff") {
      return `Attach the registry to the cluster: integration(${context.clusterLabel}).attach("${registry}"), then deploy again`;
    }
    return `Check that ${registry} is reachable from the cluster's nodes (network rules, private endpoints) and that the cluster may pull from it`;
  }
  if (/\bnot found\b|manifest unknown/i.test(message)) return `Check that ${pod.image} exists and the tag is right`;
  return `Check that ${host} is reachable from the cluster's nodes and that ${pod.image} can be pulled`;
}
