import type { V1Deployment } from "@kubernetes/client-node";
import { AksAcrError } from "../errors.js";
import { labelsProblem } from "./labels.js";
import type { DeploySpec, SimpleDeploymentSpec } from "./types.js";

/** What deploy() applies and then waits for. */
export interface DesiredDeployment {
  name: string;
  namespace: string;
  replicas: number;
  /** The pod selector, as `a=b,c=d`. */
  selector: string;
  /** Images of the pod template's containers, to tell this template's pods from an older one's. */
  images: string[];
  body: V1Deployment;
}

const SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Validates a simple spec or a full V1Deployment, before any request, and returns what to apply. */
export function desiredDeployment(spec: DeploySpec, operation: string): DesiredDeployment {
  check(typeof spec === "object" && spec !== null && !Array.isArray(spec), operation, "spec",
    `deploy() takes a spec object ({ name, image, … }) or a V1Deployment, not ${spec === null ? "null" : typeof spec}`);
  return isFullDeployment(spec) ? fromFullDeployment(spec, operation) : fromSimpleSpec(spec, operation);
}

/** The name a spec gives, for messages; validated later. */
export function deploymentName(spec: DeploySpec): string {
  if (typeof spec !== "object" || spec === null) return String(spec);
  return String(isFullDeployment(spec) ? spec.metadata?.name : spec.name);
}

function isFullDeployment(spec: DeploySpec): spec is V1Deployment {
  return "spec" in spec || "metadata" in spec || "kind" in spec;
}

function fromSimpleSpec(spec: SimpleDeploymentSpec, operation: string): DesiredDeployment {
  const namespace = spec.namespace ?? "default";
  const replicas = spec.replicas ?? 1;
  const labels = spec.labels ?? { app: spec.name };
  check(typeof spec.name === "string" && SUBDOMAIN.test(spec.name), operation, `name "${spec.name}"`,
    "a Deployment name has lowercase letters, digits, '-' and '.', starts and ends alphanumeric, at most 253 characters");
  check(LABEL.test(namespace), operation, `namespace "${namespace}"`,
    "a namespace has 1–63 lowercase letters, digits and '-', starting and ending alphanumeric");
  checkImage(spec.image, operation);
  checkReplicas(replicas, operation);
  if (spec.port !== undefined) {
    check(Number.isInteger(spec.port) && spec.port >= 1 && spec.port <= 65535, operation, `port ${spec.port}`,
      "a container port is an integer from 1 to 65535");
  }
  checkLabels(labels, "labels", operation);
  check(Object.keys(labels).length > 0, operation, "labels", "the pods need at least one label for the Deployment's selector");
  const pullSecrets = spec.imagePullSecrets ?? [];
  for (const secret of pullSecrets) {
    check(typeof secret === "string" && SUBDOMAIN.test(secret), operation, `imagePullSecrets entry "${String(secret)}"`, "a Secret name has lowercase letters, digits, '-' and '.'");
  }
  const body: V1Deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: spec.name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...(pullSecrets.length > 0 ? { imagePullSecrets: pullSecrets.map((name) => ({ name })) } : {}),
          containers: [
            {
              name: containerName(spec.image, spec.name),
              image: spec.image,
              ...(spec.port !== undefined ? { ports: [{ containerPort: spec.port }] } : {}),
            },
          ],
        },
      },
    },
  };
  return { name: spec.name, namespace, replicas, selector: toSelector(labels), images: [spec.image], body };
}

function fromFullDeployment(deployment: V1Deployment, operation: string): DesiredDeployment {
  const name = deployment.metadata?.name ?? "";
  const namespace = deployment.metadata?.namespace ?? "default";
  const replicas = deployment.spec?.replicas ?? 1;
  const matchLabels = deployment.spec?.selector?.matchLabels ?? {};
  const containers = deployment.spec?.template?.spec?.containers ?? [];
  check(SUBDOMAIN.test(name), operation, `metadata.name "${name}"`,
    "a Deployment needs metadata.name: lowercase letters, digits, '-' and '.'");
  check(LABEL.test(namespace), operation, `metadata.namespace "${namespace}"`,
    "a namespace has 1–63 lowercase letters, digits and '-'");
  checkLabels(matchLabels, "spec.selector.matchLabels", operation);
  check(Object.keys(matchLabels).length > 0, operation, "spec.selector.matchLabels",
    "deploy() waits for pods by spec.selector.matchLabels, so it must name at least one label");
  if (deployment.metadata?.labels !== undefined) checkLabels(deployment.metadata.labels, "metadata.labels", operation);
  const templateLabels: Record<string, string> = deployment.spec?.template?.metadata?.labels ?? {};
  checkLabels(templateLabels, "spec.template.metadata.labels", operation);
  const unmatched = Object.entries(matchLabels).find(([key, value]) => templateLabels[key] !== value);
  check(unmatched === undefined, operation, "spec.selector.matchLabels",
    `the selector ${unmatched?.[0]}=${unmatched?.[1]} does not match the pod template's labels, so the Deployment would own no pods (the API server refuses it)`);
  check(containers.length > 0, operation, "spec.template.spec.containers", "a Deployment needs at least one container");
  for (const container of containers) checkImage(container.image, operation);
  checkReplicas(replicas, operation);
  const body: V1Deployment = {
    ...deployment,
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { ...deployment.metadata, name, namespace },
  };
  return {
    name,
    namespace,
    replicas,
    selector: toSelector(matchLabels),
    images: containers.map((c) => c.image ?? ""),
    body,
  };
}

/** A digest as the OCI image spec has it: `algorithm:encoded`; sha256 and sha512 are hex of their length. */
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}|[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,})$/;

function checkImage(image: unknown, operation: string): void {
  check(typeof image === "string" && image.length > 0 && !/\s/.test(image), operation, `image "${String(image)}"`,
    'an image is a reference such as "myacr.azurecr.io/nginx:v1", without spaces');
  const at = image.indexOf("@");
  if (at >= 0) {
    const digest = image.slice(at + 1);
    check(DIGEST.test(digest), operation, `image "${image}"`,
      `"${digest}" is not an image digest: one is "sha256:" and 64 lowercase hex digits`);
  }
}

function checkLabels(labels: unknown, where: string, operation: string): void {
  const problem = labelsProblem(labels, where);
  check(problem === undefined, operation, where, problem ?? "");
}

function checkReplicas(replicas: number, operation: string): void {
  check(Number.isInteger(replicas) && replicas >= 0, operation, `replicas ${replicas}`, "replicas is a whole number, 0 or more");
}

function check(ok: boolean, operation: string, scope: string, reason: string): asserts ok {
  if (!ok) throw new AksAcrError("InvalidInput", { operation, scope, reason, fix: "Correct the deployment spec; nothing was sent" });
}

/** The container is named after the image's repository, as `kubectl create deployment` does. */
function containerName(image: string, fallback: string): string {
  const repository = image.split("@")[0]?.split("/").pop()?.split(":")[0] ?? "";
  const name = repository.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "").slice(0, 63);
  return LABEL.test(name) ? name : fallback.replace(/\./g, "-").slice(0, 63);
}

function toSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}
