/**
 * The image and probe checks as findings: whether the image exists (from the registry's data plane,
 * or from the probe's pull when one ran) and whether the cluster's nodes could pull it.
 */
import type { RegistryInfo } from "../resolve/types.js";
import type { ImageLookup } from "./acrDataPlane.js";
import { attachCall, integrationCall, type Subject } from "./fixes.js";
import { imageText, type CheckedImage } from "./image.js";
import type { ProbeOutcome } from "./probe.js";
import { checkOf, type CheckResult } from "./report.js";

const IMAGE = checkOf("image");
const PROBE = checkOf("probe");

function importFix(registry: RegistryInfo, image: CheckedImage): string {
  const target = image.digest ? image.repository : imageText(image);
  return `Push or import the image, e.g. registry("${registry.name}").import("<source image>", { tags: ["${target}"] }), or use a tag that exists.`;
}

/** The image names another registry's login server: nothing about this registry can be said. */
export function otherRegistryImage(registry: RegistryInfo, image: CheckedImage, subject: Subject): CheckResult {
  return {
    ...IMAGE,
    status: "fail",
    finding: `The image is on ${image.host}, not on registry ${registry.name} (${registry.loginServer}).`,
    fix: `Check the registry the image names: ${integrationCall(subject)}.check("${image.host}", { image: "${imageText(image)}" })`,
  };
}

export function imageFromLookup(registry: RegistryInfo, image: CheckedImage, lookup: ImageLookup): CheckResult {
  const what = imageText(image);
  if (lookup.kind === "found") {
    return { ...IMAGE, status: "pass", finding: `${what} exists in ${registry.loginServer} (${lookup.digest}).` };
  }
  if (lookup.kind === "missing") {
    const missing =
      lookup.code === "NAME_UNKNOWN"
        ? `Repository ${image.repository} does not exist in ${registry.loginServer}`
        : `${image.digest ? `Manifest ${image.digest}` : `Tag ${image.tag ?? "latest"}`} does not exist in repository ${image.repository} of ${registry.loginServer}`;
    return { ...IMAGE, status: "fail", finding: `${missing} (${lookup.code}: a missing image, not an authorization failure).`, fix: importFix(registry, image) };
  }
  return {
    ...IMAGE,
    status: "warn",
    finding: `Could not tell whether ${what} exists: ${lookup.message.replace(/\.$/, "")}.`,
    fix: "Give yourself read access to the registry's repositories (AcrPull, or Container Registry Repository Reader on ABAC registries), or run the check with { probe: true } to pull it from the cluster.",
  };
}

/** With a probe, the image check is the probe's answer: pulled, or "not found" (other failures tell nothing). */
export function imageFromProbe(registry: RegistryInfo, image: CheckedImage, outcome: ProbeOutcome): CheckResult {
  const what = imageText(image);
  if (outcome.kind === "pulled") return { ...IMAGE, status: "pass", finding: `${what} exists: the probe pod pulled it.` };
  if (outcome.kind === "pullFailed" && outcome.notFound) {
    return { ...IMAGE, status: "fail", finding: `${what} does not exist in ${registry.loginServer}: the pull answered "not found", not an authorization error.`, fix: importFix(registry, image) };
  }
  return { ...IMAGE, status: "skipped", finding: `Could not tell whether ${what} exists: the probe did not get as far as the image (see "${PROBE.title}").` };
}

export function probeCheck(registry: RegistryInfo, image: CheckedImage, outcome: ProbeOutcome, subject: Subject, timeoutMs: number): CheckResult {
  const cleanup = outcome.cleanupProblem ? ` Cleanup failed: ${outcome.cleanupProblem}.` : "";
  if (outcome.kind === "pulled") {
    const finding = `Probe pod ${outcome.pod} pulled ${outcome.image}: ${outcome.detail}`;
    if (outcome.cleanupProblem) return { ...PROBE, status: "warn", finding: `${finding}.${cleanup}`, fix: outcome.cleanupProblem };
    return { ...PROBE, status: "pass", finding: `${finding}; the pod was deleted.` };
  }
  if (outcome.kind === "pullFailed") {
    return {
      ...PROBE,
      status: "fail",
      finding: `Probe pod ${outcome.pod} could not pull ${outcome.image} (${outcome.reason}): ${outcome.message}${cleanup}`,
      fix: pullFix(registry, image, outcome.message, subject),
    };
  }
  if (outcome.kind === "timeout") {
    return {
      ...PROBE,
      status: "fail",
      finding: `Probe pod ${outcome.pod} did not start pulling within ${Math.round(timeoutMs / 1000)} s (last state: ${outcome.lastState}).${cleanup}`,
      fix: "Check that the cluster has a Ready Linux node with room for a small pod (kubectl get nodes; kubectl describe pod), or pass a longer timeoutMs.",
    };
  }
  return {
    ...PROBE,
    status: "fail",
    finding: `The probe could not run: ${outcome.error.reason}.${cleanup}`,
    fix: outcome.error.fix ?? `Check that you may create pods in namespace ${outcome.namespace}, or pass another namespace.`,
  };
}

function pullFix(registry: RegistryInfo, image: CheckedImage, message: string, subject: Subject): string {
  if (/\bnot found\b|manifest unknown/i.test(message)) return importFix(registry, image);
  if (/\b403\b|not allowed access/i.test(message)) {
    return "Let the cluster's nodes reach the registry: add their outbound IP to the registry firewall, or use a private endpoint (see the network check).";
  }
  return `Attach the registry: ${attachCall(subject, registry)}`;
}
