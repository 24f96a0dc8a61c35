import { InvalidArgumentError, Option } from "commander";
import { AksAcrError } from "../errors.js";
import type { ClusterRefInput } from "../ids.js";

/** The flags that name a cluster, as az names one: `-n aks -g rg`, or the ARM id alone. */
export interface ClusterFlags {
  cluster: string;
  resourceGroup?: string;
}

export const clusterOption = (): Option =>
  new Option("-n, --cluster <name|id>", "the AKS cluster: its name (with -g) or its ARM resource id").makeOptionMandatory();
export const resourceGroupOption = (what = "the cluster's resource group"): Option => new Option("-g, --resource-group <group>", what);

/** `-n` and `-g` → a reference the library accepts; the library validates it before any request. */
export function clusterRef(flags: ClusterFlags): ClusterRefInput {
  if (flags.cluster.startsWith("/")) return flags.cluster;
  if (!flags.resourceGroup) {
    throw new AksAcrError("InvalidInput", {
      operation: `find cluster ${flags.cluster}`,
      reason: "a cluster given by name needs its resource group",
      fix: `Pass -g <resource group> (e.g. -n ${flags.cluster} -g rg), or the cluster's ARM resource id as -n`,
    });
  }
  return { resourceGroup: flags.resourceGroup, name: flags.cluster };
}

/** Commander parser of a whole number ≥ `min`; a bad value is a usage error (exit 2). */
export function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || !/^\d+$/.test(value.trim())) {
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got "${value}".`);
    }
    return parsed;
  };
}
