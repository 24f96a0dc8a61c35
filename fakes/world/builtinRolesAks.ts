import type { RoleDefinition } from "./types.js";

/**
 * The AKS built-in roles, transcribed from Microsoft's published list (MicrosoftDocs/azure-docs,
 * articles/role-based-access-control/built-in-roles/containers.md).
 */

type RoleSpec = Pick<RoleDefinition, "name" | "roleName" | "description"> & Partial<RoleDefinition["permissions"][number]>;

const MC = "Microsoft.ContainerService/managedClusters";
/** The control-plane actions every AKS RBAC role carries, so its holder can find the cluster. */
const RBAC_READS = [
  "Microsoft.Authorization/*/read",
  "Microsoft.Resources/subscriptions/operationresults/read",
  "Microsoft.Resources/subscriptions/read",
  "Microsoft.Resources/subscriptions/resourceGroups/read",
];
const under = (paths: string[]): string[] => paths.map((path) => `${MC}/${path}`);

export const AKS_ROLE_SPECS: readonly RoleSpec[] = [
  {
    name: "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8",
    roleName: "Azure Kubernetes Service Cluster Admin Role",
    description: "List cluster admin credential action.",
    actions: under(["listClusterAdminCredential/action", "accessProfiles/listCredential/action", "read", "runcommand/action"]),
  },
  {
    name: "1afdec4b-e479-420e-99e7-f82237c7c5e6",
    roleName: "Azure Kubernetes Service Cluster Monitoring User",
    description: "List cluster monitoring user credential action.",
    actions: under(["listClusterMonitoringUserCredential/action", "read"]),
  },
  {
    name: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
    roleName: "Azure Kubernetes Service Cluster User Role",
    description: "List cluster user credential action.",
    actions: under(["listClusterUserCredential/action", "read"]),
  },
  {
    name: "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8",
    roleName: "Azure Kubernetes Service Contributor Role",
    description: "Grants access to read and write Azure Kubernetes Service clusters",
    actions: [...under(["read", "write"]), "Microsoft.Resources/deployments/*"],
  },
  {
    name: "3498e952-d568-435e-9b2c-8d77e338d7f7",
    roleName: "Azure Kubernetes Service RBAC Admin",
    description: "Lets you manage all resources under cluster/namespace, except update or delete resource quotas and namespaces.",
    actions: [...RBAC_READS, `${MC}/listClusterUserCredential/action`],
    dataActions: [`${MC}/*`],
    notDataActions: under(["resourcequotas/write", "resourcequotas/delete", "namespaces/write", "namespaces/delete"]),
  },
  {
    name: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    roleName: "Azure Kubernetes Service RBAC Cluster Admin",
    description: "Lets you manage all resources in the cluster.",
    actions: [...RBAC_READS, `${MC}/listClusterUserCredential/action`],
    dataActions: [`${MC}/*`],
  },
  {
    name: "7f6c6a51-bcf8-42ba-9220-52d62157d7db",
    roleName: "Azure Kubernetes Service RBAC Reader",
    description:
      "Allows read-only access to see most objects in a namespace. It does not allow viewing roles or role bindings. This role does not allow viewing Secrets, since reading the contents of Secrets enables access to ServiceAccount credentials in the namespace, which would allow API access as any ServiceAccount in the namespace (a form of privilege escalation). Applying this role at cluster scope will give access across all namespaces.",
    actions: RBAC_READS,
    dataActions: under([
      "apps/controllerrevisions/read", "apps/daemonsets/read", "apps/deployments/read", "apps/replicasets/read", "apps/statefulsets/read",
      "autoscaling/horizontalpodautoscalers/read", "batch/cronjobs/read", "batch/jobs/read", "configmaps/read",
      "discovery.k8s.io/endpointslices/read", "endpoints/read", "events.k8s.io/events/read", "events/read",
      "extensions/daemonsets/read", "extensions/deployments/read", "extensions/ingresses/read", "extensions/networkpolicies/read",
      "extensions/replicasets/read", "limitranges/read", "metrics.k8s.io/pods/read", "metrics.k8s.io/nodes/read", "namespaces/read",
      "networking.k8s.io/ingresses/read", "networking.k8s.io/networkpolicies/read", "persistentvolumeclaims/read", "pods/read",
      "policy/poddisruptionbudgets/read", "replicationcontrollers/read", "resourcequotas/read", "serviceaccounts/read", "services/read",
    ]),
  },
  {
    name: "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb",
    roleName: "Azure Kubernetes Service RBAC Writer",
    description:
      "Allows read/write access to most objects in a namespace.This role does not allow viewing or modifying roles or role bindings. However, this role allows accessing Secrets and running Pods as any ServiceAccount in the namespace, so it can be used to gain the API access levels of any ServiceAccount in the namespace. Applying this role at cluster scope will give access across all namespaces.",
    actions: RBAC_READS,
    dataActions: under([
      "apps/controllerrevisions/read", "apps/daemonsets/*", "apps/deployments/*", "apps/replicasets/*", "apps/statefulsets/*",
      "autoscaling/horizontalpodautoscalers/*", "batch/cronjobs/*", "coordination.k8s.io/leases/read", "coordination.k8s.io/leases/write",
      "coordination.k8s.io/leases/delete", "discovery.k8s.io/endpointslices/read", "batch/jobs/*", "configmaps/*", "endpoints/*",
      "events.k8s.io/events/read", "events/*", "extensions/daemonsets/*", "extensions/deployments/*", "extensions/ingresses/*",
      "extensions/networkpolicies/*", "extensions/replicasets/*", "limitranges/read", "metrics.k8s.io/pods/read", "metrics.k8s.io/nodes/read",
      "namespaces/read", "networking.k8s.io/ingresses/*", "networking.k8s.io/networkpolicies/*", "persistentvolumeclaims/*", "pods/*",
      "policy/poddisruptionbudgets/*", "replicationcontrollers/*", "resourcequotas/read", "secrets/*", "serviceaccounts/*", "services/*",
    ]),
  },
];
