/**
 * The canipull image (`mcr.microsoft.com/aks/canipull`) as a program of the fake's kubelet: what
 * `az aks check-acr` runs with `kubectl run --rm -it … -- -v6 <login server>`. It prints, in the real
 * tool's lines and exit codes, what the world says about pulling from that registry: DNS (does the
 * login server exist), the registry's location, the kubelet identity, and the token exchange the
 * fake's pull logic decides (`registryTokenExchange`).
 *
 * When does it run? A container with stdin open waits for its first attach, so `kubectl run -it`
 * sees the whole output (the real tool may print before kubectl attaches, and that output is lost
 * to the attach); otherwise, or when nobody attaches within {@link UNATTACHED_START_MS}, it runs on
 * its own. It then ends at once: the pod completes, Succeeded on exit 0, Failed otherwise.
 */
import { randomUUID } from "node:crypto";
import { findRegistryByLoginServer } from "../world/registries.js";
import { kubeletPrincipalId, registryTokenExchange } from "../world/pull.js";
import type { ManagedCluster } from "../world/types.js";
import type { World } from "../world/world.js";
import { containersOf, isRecord, type KubeObject } from "./objects.js";
import type { KubeStore } from "./store.js";

/** How long a canipull container with stdin open waits for an attach before it runs anyway. */
export const UNATTACHED_START_MS = 5_000;

/** canipull's exit codes (its `pkg/exitcode`). */
const EXIT = { ok: 0, credentialInvalid: 10, dnsFailure: 52, missingPullPermission: 60 } as const;

/** One line canipull printed, at a time on the fake clock. */
export interface ProgramLine {
  atMs: number;
  text: string;
}

/** A finished run of canipull in one container. */
export interface CanipullRun {
  startedAtMs: number;
  finishedAtMs: number;
  exitCode: number;
  lines: ProgramLine[];
}

const runs = new WeakMap<KubeStore, Map<string, CanipullRun>>();

export function isCanipullImage(image: string): boolean {
  return /^mcr\.microsoft\.com\/aks\/canipull([:@]|$)/i.test(image);
}

/** The run of a canipull container, if it ran by now (running it first when it falls due). */
export function canipullRun(store: KubeStore, pod: KubeObject, containerName: string, startedAtMs: number): CanipullRun | undefined {
  const container = containersOf(pod).find((c) => c.name === containerName);
  if (!container || !isCanipullImage(container.image)) return undefined;
  const known = runsOf(store).get(runKey(pod, containerName));
  if (known) return known;
  const waitsForAttach = container["stdin"] === true;
  const dueMs = waitsForAttach ? startedAtMs + UNATTACHED_START_MS : startedAtMs;
  return store.world.now() >= dueMs ? startCanipull(store, pod, containerName, dueMs) : undefined;
}

/** Runs canipull now (an attach arrived), or returns the run it already made. */
export function startCanipull(store: KubeStore, pod: KubeObject, containerName: string, atMs = store.world.now()): CanipullRun | undefined {
  const container = containersOf(pod).find((c) => c.name === containerName);
  if (!container || !isCanipullImage(container.image)) return undefined;
  const key = runKey(pod, containerName);
  const known = runsOf(store).get(key);
  if (known) return known;
  const tty = container["tty"] === true;
  const { exitCode, messages } = check(store.world, store.cluster, Array.isArray(container["args"]) ? container["args"].map(String) : [], atMs);
  const lines = messages.flatMap((message) => format(message, atMs, tty)).map((text) => ({ atMs, text }));
  const run: CanipullRun = { startedAtMs: atMs, finishedAtMs: atMs, exitCode, lines };
  runsOf(store).set(key, run);
  for (const listener of store.onChange) listener();
  return run;
}

/** What canipull wrote to its terminal: the lines, with the line ending a TTY gives them. */
export function canipullOutput(run: CanipullRun): string {
  return run.lines.map((line) => `${line.text}\n`).join("");
}

/**
 * A rendered pod with its finished canipull containers shown as terminated, and the pod's phase
 * as the kubelet would set it for its restart policy.
 */
export function withFinishedPrograms(store: KubeStore, rendered: KubeObject): KubeObject {
  const statuses = Array.isArray(rendered.status?.["containerStatuses"]) ? rendered.status["containerStatuses"].filter(isRecord) : [];
  let finished = 0;
  let failed = false;
  for (const status of statuses) {
    const running = isRecord(status["state"]) && isRecord(status["state"]["running"]) ? status["state"]["running"] : undefined;
    const startedAt = typeof running?.["startedAt"] === "string" ? Date.parse(running["startedAt"]) : undefined;
    if (startedAt === undefined) continue;
    const run = canipullRun(store, rendered, String(status["name"]), startedAt);
    if (!run) continue;
    finished += 1;
    failed ||= run.exitCode !== 0;
    status["state"] = {
      terminated: {
        exitCode: run.exitCode,
        reason: run.exitCode === 0 ? "Completed" : "Error",
        startedAt: store.timestamp(run.startedAtMs),
        finishedAt: store.timestamp(run.finishedAtMs),
        ...(typeof status["containerID"] === "string" ? { containerID: status["containerID"] } : {}),
      },
    };
    status["ready"] = false;
    status["started"] = false;
  }
  if (finished === 0 || finished !== statuses.length || !rendered.status) return rendered;
  const restartPolicy = rendered.spec?.["restartPolicy"];
  if (restartPolicy === "Never" || (restartPolicy === "OnFailure" && !failed)) {
    rendered.status["phase"] = failed ? "Failed" : "Succeeded";
    const conditions = Array.isArray(rendered.status["conditions"]) ? rendered.status["conditions"].filter(isRecord) : [];
    for (const condition of conditions) {
      if (condition["type"] !== "Ready" && condition["type"] !== "ContainersReady") continue;
      Object.assign(condition, { status: "False", reason: "PodCompleted" });
      delete condition["message"];
    }
  }
  return rendered;
}

interface Message {
  text: string;
  /** Printed with fmt.Println rather than the logger: no time stamp. */
  plain?: boolean;
}

/** canipull's checks, in its order, as `-v<level>` shows them (level 2 by default; az passes -v6). */
function check(world: World, cluster: ManagedCluster, args: string[], atMs: number): { exitCode: number; messages: Message[] } {
  const { level, positional } = parseArgs(args);
  const messages: Message[] = [];
  const log = (at: number, text: string): void => void (at <= level && messages.push({ text }));
  const acr = positional[0];
  if (positional.length !== 1 || !acr) return { exitCode: EXIT.ok, messages: [{ text: "No ACR input. Expect `canipull myacr.azurecr.io`.", plain: true }] };
  const registry = findRegistryByLoginServer(world, acr);
  if (!registry) {
    log(2, `Checking host name resolution (${acr}): FAILED`);
    log(2, `Failed to resolve specified fqdn ${acr}: lookup ${acr} on 168.63.129.16:53: no such host`);
    return { exitCode: EXIT.dnsFailure, messages };
  }
  log(2, `Checking host name resolution (${acr}): SUCCEEDED`);
  log(2, `Canonical name for ACR (${acr}): ${canonicalName(registry.loginServer, registry.location)}`);
  log(2, `ACR location: ${registry.location}`);
  log(6, "Loading azure.json file from /etc/kubernetes/azure.json");
  if (registry.location.toLowerCase() !== cluster.location.toLowerCase()) {
    log(2, "Checking ACR location matches cluster location: FAILED");
    log(2, `ACR location '${registry.location}' does not match your cluster location '${cluster.location}'. This may result in slow image pulls and extra cost.`);
  }
  const principalId = kubeletPrincipalId(world, cluster);
  const principal = principalId ? world.principals.get(principalId.toLowerCase()) : undefined;
  const exists = principal !== undefined && !principal.deleted;
  if (cluster.kubeletIdentity) {
    log(2, "Checking managed identity...");
    log(6, "Cluster cloud name: AzurePublicCloud");
    log(2, `Kubelet managed identity client ID: ${cluster.kubeletIdentity.clientId}`);
    if (!exists) {
      log(2, "Validating managed identity existance: FAILED");
      log(2, `Getting managed identity token failed with: MSI: identity with client ID ${cluster.kubeletIdentity.clientId} not found on this node`);
      return { exitCode: EXIT.credentialInvalid, messages };
    }
    log(2, "Validating managed identity existance: SUCCEEDED");
  } else {
    log(4, "The cluster uses service principal.");
    if (!exists) {
      log(2, "Validating service principal credential: FAILED");
      log(2, `Sign in to AAD failed with: AADSTS700016: Application with identifier '${cluster.servicePrincipalClientId ?? ""}' was not found in the directory.`);
      return { exitCode: EXIT.credentialInvalid, messages };
    }
    log(2, "Validating service principal credential: SUCCEEDED");
  }
  const exchange = registryTokenExchange(world, cluster, registry, atMs);
  if (!exchange.ok) {
    const body =
      exchange.status === 403
        ? { errors: [{ code: "DENIED", message: `client with IP '${exchange.egressIp}' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.` }] }
        : { errors: [{ code: "UNAUTHORIZED", message: `authentication required, visit https://aka.ms/acr/authorization for more information. CorrelationId: ${randomUUID()}` }] };
    log(2, "Validating image pull permission: FAILED");
    log(2, `ACR ${acr} rejected token exchange: ACR token exchange endpoint returned error status: ${exchange.status}. body: ${JSON.stringify(body)}`);
    return { exitCode: EXIT.missingPullPermission, messages };
  }
  log(2, "Validating image pull permission: SUCCEEDED");
  log(2, `\nYour cluster can pull images from ${acr}!`);
  return { exitCode: EXIT.ok, messages };
}

/** `-v6`, `-v 6`, `--verbose=6`, `--verbose 6`; everything else not starting with `-` is an argument. */
function parseArgs(args: string[]): { level: number; positional: string[] } {
  let level = 2;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    const inline = /^(?:-v|--verbose=?)(\d+)$/.exec(arg);
    if (inline) level = Number(inline[1]);
    else if ((arg === "-v" || arg === "--verbose") && /^\d+$/.test(args[i + 1] ?? "")) level = Number(args[(i += 1)]);
    else if (!arg.startsWith("-")) positional.push(arg);
  }
  return { level, positional };
}

/** canipull's log line: `[RFC 3339 time] message`, SUCCEEDED/FAILED coloured when its stdout is a TTY. */
function format(message: Message, atMs: number, tty: boolean): string[] {
  const eol = tty ? "\r" : "";
  if (message.plain) return [`${message.text}${eol}`];
  const stamp = new Date(atMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  const text = tty ? message.text.replace(/SUCCEEDED/g, "\u001b[32mSUCCEEDED\u001b[0m").replace(/FAILED/g, "\u001b[31mFAILED\u001b[0m") : message.text;
  return `[${stamp}] ${text}`.split("\n").map((line) => `${line}${eol}`);
}

/** ACR's login servers are CNAMEs of a regional data endpoint, `r0<n><region>.<region>.cloudapp.azure.com.`. */
function canonicalName(loginServer: string, location: string): string {
  let hash = 0;
  for (const ch of loginServer) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `r0${100 + (hash % 900)}-az.${location.toLowerCase()}.cloudapp.azure.com.`;
}

function runsOf(store: KubeStore): Map<string, CanipullRun> {
  let map = runs.get(store);
  if (!map) runs.set(store, (map = new Map()));
  return map;
}

const runKey = (pod: KubeObject, container: string): string => `${pod.metadata.uid}/${container}`;

/**
 * What a canipull container has printed, for `pods/log`: its lines once it ran, none while it
 * still waits for an attach; undefined for any other container.
 */
export function programLines(store: KubeStore, pod: KubeObject, containerName: string): ProgramLine[] | undefined {
  const container = containersOf(pod).find((c) => c.name === containerName);
  if (!container || !isCanipullImage(container.image)) return undefined;
  return runsOf(store).get(runKey(pod, containerName))?.lines ?? [];
}
