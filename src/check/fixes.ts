/** The calls a report names as fixes, written the way a user would type them. */
import type { ClusterInfo, RegistryInfo } from "../resolve/types.js";

/** What the report knows about the cluster and registry the caller named, for writing fixes. */
export interface Subject {
  cluster: { subscriptionId: string; resourceGroup: string; name: string };
  /** The subscription references default to; the cluster's is written out only when it differs. */
  defaultSubscriptionId: string | undefined;
}

/** `integration({ resourceGroup: "rg", name: "aks" })` for the checked cluster. */
export function integrationCall(subject: Subject): string {
  const { subscriptionId, resourceGroup, name } = subject.cluster;
  const sub = subscriptionId.toLowerCase() === subject.defaultSubscriptionId?.toLowerCase() ? "" : `subscriptionId: "${subscriptionId}", `;
  return `integration({ ${sub}resourceGroup: "${resourceGroup}", name: "${name}" })`;
}

/** The attach call that grants the puller pull on this registry (optionally with a named role). */
export function attachCall(subject: Subject, registry: Pick<RegistryInfo, "id" | "name" | "subscriptionId">, role?: string): string {
  const sameSubscription = registry.subscriptionId.toLowerCase() === subject.defaultSubscriptionId?.toLowerCase();
  const target = sameSubscription ? registry.name : registry.id;
  return `${integrationCall(subject)}.attach("${target}"${role ? `, { role: "${role}" }` : ""})`;
}

/** `az aks …` flags naming the cluster, for fixes only the Azure CLI can apply. */
export function azClusterArgs(cluster: Pick<ClusterInfo, "resourceGroup" | "name">): string {
  return `-g ${cluster.resourceGroup} -n ${cluster.name}`;
}
