import { parseImageName } from "../world/pull.js";
import { withFinishedPrograms } from "./canipull.js";
import { clone, containersOf, isRecord, type KubeObject, type OwnerReference } from "./objects.js";
import { nameSuffix } from "./names.js";
import { observePull, startPull, type ContainerState } from "./pullState.js";
import { registryLogin, withServiceAccountPullSecrets } from "./secrets.js";
import type { KubeStore } from "./store.js";

const PODS = { plural: "pods" } as const;

/**
 * Admits a pod as the API server, scheduler and kubelet would together: fills defaults, names it
 * from `generateName`, binds it to the node and makes the first image pull at creation time.
 */
export function createPod(store: KubeStore, input: KubeObject, namespace: string, owner?: OwnerReference): KubeObject {
  const requested = input.metadata;
  const name = requested.name || `${requested.generateName ?? "pod-"}${nameSuffix(String(requested.generateName), store.nextSequence())}`;
  const meta = store.newMeta(name, namespace);
  const pod: KubeObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...withoutServerFields(requested),
      ...meta,
      ...(owner ? { ownerReferences: [owner] } : {}),
    },
    spec: withServiceAccountPullSecrets(store, namespace, withPodDefaults(input.spec ?? {}, store.nodeName)),
  };
  // The exact clock, not the second-truncated creationTimestamp: a role granted earlier in the
  // same second must count.
  const createdMs = store.world.now();
  const login = (host: string) => registryLogin(store, namespace, pod.spec?.["imagePullSecrets"], host);
  const pulls = new Map(containersOf(pod).map((c) => [c.name, startPull(store.world, store.cluster, c.image, createdMs, login)] as const));
  store.pulls.set(meta.uid, pulls);
  pod.status = { podIP: `10.244.0.${(store.nextSequence() % 250) + 2}` };
  store.put(PODS, pod);
  return pod;
}

/** The pod as a client sees it now: status derived from its image pulls at the fake clock's time. */
export function renderPod(store: KubeStore, pod: KubeObject): KubeObject {
  const now = store.world.now();
  const pulls = store.pulls.get(pod.metadata.uid) ?? new Map();
  const created = pod.metadata.creationTimestamp;
  const statuses = containersOf(pod).map((container) => {
    const pull = pulls.get(container.name);
    const state: ContainerState = pull
      ? observePull(store.world, store.cluster, pull, now)
      : { kind: "waiting", reason: "ErrImagePull", message: "" };
    return containerStatus(store, container.name, container.image, state);
  });
  const notReady = statuses.filter((s) => !s.ready).map((s) => s.name);
  const running = notReady.length === 0 && statuses.length > 0;
  const readySince = running ? latestStart(statuses) ?? created : created;
  const condition = (type: string, ok: boolean, at: string) => ({
    type,
    status: ok ? "True" : "False",
    lastProbeTime: null,
    lastTransitionTime: at,
    ...(ok ? {} : { reason: "ContainersNotReady", message: `containers with unready status: [${notReady.join(" ")}]` }),
  });
  const rendered = clone(pod);
  rendered.status = {
    phase: running ? "Running" : "Pending",
    conditions: [
      condition("PodReadyToStartContainers", true, created),
      condition("Initialized", true, created),
      condition("Ready", running, readySince),
      condition("ContainersReady", running, readySince),
      condition("PodScheduled", true, created),
    ],
    hostIP: "10.224.0.4",
    hostIPs: [{ ip: "10.224.0.4" }],
    podIP: pod.status?.["podIP"],
    podIPs: [{ ip: pod.status?.["podIP"] }],
    startTime: created,
    containerStatuses: statuses,
    qosClass: "BestEffort",
  };
  return withFinishedPrograms(store, rendered);
}

export function isPodReady(rendered: KubeObject): boolean {
  return rendered.status?.["phase"] === "Running";
}

interface ContainerStatus {
  name: string;
  ready: boolean;
  [field: string]: unknown;
}

function containerStatus(store: KubeStore, name: string, image: string, state: ContainerState): ContainerStatus {
  const base = { name, restartCount: 0, started: state.kind === "running" };
  if (state.kind === "running") {
    const ref = parseImageName(image);
    return {
      ...base,
      state: { running: { startedAt: store.timestamp(state.startedAtMs) } },
      lastState: {},
      ready: true,
      image: ref.normalized,
      imageID: `${ref.host}/${ref.repository}@${state.digest}`,
      containerID: `containerd://${state.digest.slice(7, 71)}`,
    };
  }
  return {
    ...base,
    state: { waiting: { reason: state.reason, message: state.message } },
    lastState: {},
    ready: false,
    image,
    imageID: "",
  };
}

function latestStart(statuses: ContainerStatus[]): string | undefined {
  const starts = statuses
    .map((s) => (isRecord(s["state"]) && isRecord(s["state"]["running"]) ? s["state"]["running"]["startedAt"] : undefined))
    .filter((at): at is string => typeof at === "string")
    .sort();
  return starts[starts.length - 1];
}

function withoutServerFields(meta: KubeObject["metadata"]): Record<string, unknown> {
  const { uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, generateName: _gn, ...rest } = meta;
  return rest;
}

function withPodDefaults(spec: Record<string, unknown>, nodeName: string): Record<string, unknown> {
  // Service account, priority and service links come from admission, which only pods go through.
  return {
    serviceAccountName: "default",
    serviceAccount: "default",
    enableServiceLinks: true,
    preemptionPolicy: "PreemptLowerPriority",
    priority: 0,
    ...withPodSpecDefaults(spec),
    nodeName,
  };
}

/** The API server's defaults of a pod spec, which it applies to pod templates (a Deployment's) too. */
export function withPodSpecDefaults(spec: Record<string, unknown>): Record<string, unknown> {
  const containers = Array.isArray(spec["containers"]) ? spec["containers"] : [];
  return {
    restartPolicy: "Always",
    terminationGracePeriodSeconds: 30,
    dnsPolicy: "ClusterFirst",
    securityContext: {},
    schedulerName: "default-scheduler",
    ...clone(spec),
    containers: containers.map((c: unknown) => {
      if (!isRecord(c)) return c;
      const image = typeof c["image"] === "string" ? c["image"] : "";
      return {
        terminationMessagePath: "/dev/termination-log",
        terminationMessagePolicy: "File",
        imagePullPolicy: image.endsWith(":latest") || !/[:@]/.test(image.split("/").pop() ?? "") ? "Always" : "IfNotPresent",
        resources: {},
        ...c,
        ...(Array.isArray(c["ports"]) ? { ports: c["ports"].map((port: unknown) => (isRecord(port) ? { protocol: "TCP", ...port } : port)) } : {}),
      };
    }),
  };
}
