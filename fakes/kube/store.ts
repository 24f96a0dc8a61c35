import { randomBytes, randomUUID } from "node:crypto";
import type { ManagedCluster } from "../world/types.js";
import type { World } from "../world/world.js";
import { keepEventsOf } from "./events.js";
import type { KubeObject } from "./objects.js";
import type { ResourceType } from "./resources.js";
import type { ContainerPull } from "./pullState.js";
import { createDefaultServiceAccount } from "./secrets.js";

/** How many removals a watch from a past resourceVersion can still see. */
const REMOVED_KEPT = 1000;

/** Namespaces every AKS cluster starts with. */
const INITIAL_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

/**
 * One cluster's API server state. Kept beside the world rather than in it because only the
 * Kubernetes routes read it; it lives exactly as long as the cluster record it belongs to, so a
 * world reset or a cluster delete-and-recreate starts from an empty cluster.
 */
export class KubeStore {
  private readonly objects = new Map<string, KubeObject>();
  private resourceVersion = 1000;
  private nameSequence = 0;
  /** Image-pull progress per pod uid, then per container name. */
  readonly pulls = new Map<string, Map<string, ContainerPull>>();
  /** Bearer tokens handed out by listClusterUserCredential / listClusterAdminCredential. */
  readonly tokens = { user: fakeToken(), admin: fakeToken() };
  /** The node every pod is scheduled on. */
  readonly nodeName: string;
  /** Called after every write; watches re-read what they follow. */
  readonly onChange = new Set<() => void>();
  /** The resourceVersion each stored object (by uid) was created at, for watches from a past version. */
  readonly createdAt = new Map<string, number>();
  /** The last state of recently removed objects, for watches from a past version. */
  readonly removed: { plural: string; version: number; object: KubeObject }[] = [];

  constructor(
    readonly world: World,
    readonly cluster: ManagedCluster,
  ) {
    this.nodeName = `aks-nodepool1-${String(10_000_000 + (parseInt(randomBytes(3).toString("hex"), 16) % 89_999_999))}-vmss000000`;
    for (const name of INITIAL_NAMESPACES) {
      this.put({ plural: "namespaces" }, { apiVersion: "v1", kind: "Namespace", metadata: this.newMeta(name), spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });
      createDefaultServiceAccount(this, name);
    }
  }

  newMeta(name: string, namespace?: string): KubeObject["metadata"] {
    return {
      name,
      ...(namespace ? { namespace } : {}),
      uid: randomUUID(),
      resourceVersion: this.bumpVersion(),
      creationTimestamp: this.timestamp(),
    };
  }

  timestamp(ms = this.world.now()): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  bumpVersion(): string {
    this.resourceVersion += 1;
    return String(this.resourceVersion);
  }

  currentVersion(): string {
    return String(this.resourceVersion);
  }

  nextSequence(): number {
    this.nameSequence += 1;
    return this.nameSequence;
  }

  get(type: Pick<ResourceType, "plural">, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(storeKey(type.plural, namespace, name));
  }

  put(type: Pick<ResourceType, "plural">, object: KubeObject): void {
    this.objects.set(storeKey(type.plural, object.metadata.namespace, object.metadata.name), object);
    if (!this.createdAt.has(object.metadata.uid)) this.createdAt.set(object.metadata.uid, Number(object.metadata.resourceVersion));
    this.changed();
  }

  remove(type: Pick<ResourceType, "plural">, namespace: string | undefined, name: string): void {
    const object = this.get(type, namespace, name);
    this.objects.delete(storeKey(type.plural, namespace, name));
    if (object && type.plural === "pods") {
      keepEventsOf(this, object);
      this.pulls.delete(object.metadata.uid);
    }
    if (object) {
      this.createdAt.delete(object.metadata.uid);
      this.removed.push({ plural: type.plural, version: Number(this.bumpVersion()), object });
      if (this.removed.length > REMOVED_KEPT) this.removed.shift();
    }
    this.changed();
  }

  private changed(): void {
    for (const listener of this.onChange) listener();
  }

  /** Objects of a type, in one namespace or all, sorted by namespace then name as the server lists them. */
  list(type: Pick<ResourceType, "plural">, namespace?: string): KubeObject[] {
    const prefix = namespace === undefined ? `${type.plural}/` : storeKey(type.plural, namespace, "");
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, object]) => object)
      .sort((a, b) => `${a.metadata.namespace ?? ""}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ""}/${b.metadata.name}`));
  }
}

const storeKey = (plural: string, namespace: string | undefined, name: string): string => `${plural}/${namespace ?? ""}/${name}`;

/** Recognisably fake, so secret-leak tests can search logs and errors for it. */
function fakeToken(): string {
  return `fakekubetoken${randomBytes(24).toString("hex")}`;
}

const stores = new WeakMap<ManagedCluster, KubeStore>();

/** The API server state of a cluster, created on first use. */
export function kubeOf(world: World, cluster: ManagedCluster): KubeStore {
  let store = stores.get(cluster);
  if (!store) {
    store = new KubeStore(world, cluster);
    stores.set(cluster, store);
  }
  return store;
}
