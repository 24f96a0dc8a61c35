import { AksAcrError } from "../errors.js";
import { defaultDnsPrefix, validateDnsPrefix } from "./dnsPrefix.js";
import type { LocatedCluster } from "./summary.js";
import type { CreateClusterOptions } from "./types.js";

/** `az aks create`'s node count. */
export const DEFAULT_NODE_COUNT = 3;

/** Create options, checked and with defaults applied. */
export interface ClusterSettings {
  /** Lower case, without spaces, as ARM stores it. */
  location: string;
  nodeCount: number;
  vmSize: string | undefined;
  kubernetesVersion: string | undefined;
  dnsPrefix: string;
  tags: Record<string, string>;
}

/** Checks every create option before any request; a mistake found after the PUT would cost a cluster. */
export function validateCreateOptions(options: CreateClusterOptions, cluster: LocatedCluster, operation: string): ClusterSettings {
  const fail = (scope: string, reason: string, fix: string): never => {
    throw new AksAcrError("InvalidInput", { operation, scope, reason, fix });
  };
  if (typeof options?.location !== "string") fail("location", "a location is required", 'Pass location, e.g. "westeurope"');
  const location = options.location.toLowerCase().replace(/\s+/g, "");
  if (!/^[a-z0-9]+$/.test(location)) {
    fail(`location "${options.location}"`, "a location is an Azure region name such as westeurope", "Pass a region from az account list-locations -o table");
  }
  const nodeCount = options.nodeCount ?? DEFAULT_NODE_COUNT;
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 1000) {
    fail(`nodeCount ${nodeCount}`, "a System node pool has 1 to 1000 nodes", "Pass a whole number, e.g. nodeCount: 3");
  }
  if (options.vmSize !== undefined && !/^[A-Za-z][A-Za-z0-9_-]{1,63}$/.test(options.vmSize)) {
    fail(`vmSize "${options.vmSize}"`, "a VM size is a name such as Standard_D2s_v5", "Pass a size from az vm list-sizes, or omit vmSize to let AKS pick one");
  }
  if (options.kubernetesVersion !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(options.kubernetesVersion)) {
    fail(`kubernetesVersion "${options.kubernetesVersion}"`, 'a Kubernetes version is "<major>.<minor>" or "<major>.<minor>.<patch>"', "Pass e.g. \"1.33\", or omit it for the region's default");
  }
  const dnsPrefix = options.dnsPrefix ?? defaultDnsPrefix(cluster.name, cluster.resourceGroup, cluster.subscriptionId);
  validateDnsPrefix(dnsPrefix, operation);
  const tags = options.tags ?? {};
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > 512 || /[<>%&\\?/]/.test(key) || typeof value !== "string" || value.length > 256) {
      fail(`tag "${key}"`, "a tag name has 1–512 characters without < > % & \\ ? /, and its value is a string of at most 256", "Correct the tags");
    }
  }
  if (options.attach !== undefined && !Array.isArray(options.attach)) {
    fail("attach", "attach is a list of registries", 'Pass e.g. attach: ["myacr"]');
  }
  return { location, nodeCount, vmSize: options.vmSize, kubernetesVersion: options.kubernetesVersion, dnsPrefix, tags };
}

/**
 * The managedCluster PUT body: a system-assigned identity (so the kubelet gets its own identity
 * for pulls) and one System agent pool, as `az aks create` sends by default.
 */
export function clusterBody(settings: ClusterSettings): Record<string, unknown> {
  return {
    location: settings.location,
    tags: settings.tags,
    identity: { type: "SystemAssigned" },
    properties: {
      ...(settings.kubernetesVersion ? { kubernetesVersion: settings.kubernetesVersion } : {}),
      dnsPrefix: settings.dnsPrefix,
      enableRBAC: true,
      agentPoolProfiles: [
        {
          name: "nodepool1",
          mode: "System",
          count: settings.nodeCount,
          ...(settings.vmSize ? { vmSize: settings.vmSize } : {}),
          osType: "Linux",
          type: "VirtualMachineScaleSets",
        },
      ],
    },
  };
}
