/**
 * What the Azure CLI sends for the same command, and the fewest requests ARM allows. The az figures
 * come from the Azure CLI's recorded test sessions (the azure-cli repository's `tests/latest/recordings`)
 * and from its source; attach and detach have no cassette of their own
 * (those az tests are live-only), so their counts are reconstructed from the same calls' cassettes.
 */
export interface Reference {
  /** az's request count as people would quote it ("8 + cluster PUT + LRO"). */
  az: string;
  /** The lower bound of az's count, to compute a ratio; undefined when there is no comparable az command. */
  azAtLeast: number | undefined;
  azSource: string;
  /** The fewest requests (and sequential round trips) the ARM API allows for the result. */
  minimum: string;
  minimumRequests: number | undefined;
}

const ATTACH_SOURCE =
  "az aks update --attach-acr: registry lookup (resources list + registry GET), Graph lookups, roleDefinitions filter, role-assignment PUT " +
  "(sequence-acrpull-role-assignment-containerapp-registry-identity-system.json, sequence-aks-create-msi-subnet-role-assignment.json), " +
  "then a full managed-cluster PUT with its long-running operation (the attach tests are live-only, so no cassette records them)";

export const REFERENCES = {
  attachById: {
    az: "8 + cluster PUT + ≥ 1 LRO poll + final GET",
    azAtLeast: 11,
    azSource: ATTACH_SOURCE,
    minimum: "2 (GET cluster → kubelet identity, PUT assignment); 3 when the registry's ABAC mode is read in parallel; 2 round trips",
    minimumRequests: 2,
  },
  attachByName: {
    az: "8 + cluster PUT + ≥ 1 LRO poll + final GET",
    azAtLeast: 11,
    azSource: ATTACH_SOURCE,
    minimum: "3 (resources list ∥ GET cluster, PUT assignment); 2 round trips",
    minimumRequests: 3,
  },
  attachByLoginServer: {
    az: "8 + cluster PUT + ≥ 1 LRO poll + final GET",
    azAtLeast: 11,
    azSource: ATTACH_SOURCE,
    minimum: "3 (resources list ∥ GET cluster, PUT assignment); 2 round trips",
    minimumRequests: 3,
  },
  reattach: {
    az: "same as attach; the PUT answers 409 RoleAssignmentExists (random name), then the cluster PUT runs again",
    azAtLeast: 11,
    azSource: `${ATTACH_SOURCE}; 409 shape: sequence-acrpull-role-assignment-409-exists-then-list.json`,
    minimum: "2 reads, 0 writes (GET cluster, then GET the assignment by its deterministic name)",
    minimumRequests: 2,
  },
  detach: {
    az: "6–7 + cluster PUT polls",
    azAtLeast: 7,
    azSource:
      "az aks update --detach-acr: list atScope() at the registry then DELETE by id (sequence-role-assignment-create-then-delete.json, " +
      "authz-roleassignments-list-atScope-registry-200.json) plus lookups and the cluster PUT",
    minimum: "3 (GET cluster ∥ list atScope() at the registry, then DELETE each match); 2 round trips",
    minimumRequests: 3,
  },
  importByName: {
    az: "5",
    azAtLeast: 5,
    azSource: "sequence-acr-import-mcr-az-2.79.json: resources list, registry GET, POST importImage, 2 polls (2022 runs add a subscription-wide registries list: sequence-acr-image-import-2022.json)",
    minimum: "3 (resources list, POST importImage, 1 poll when the copy is done by then)",
    minimumRequests: 3,
  },
  importById: {
    az: "5 (az takes a name; -n with an id is not accepted)",
    azAtLeast: 5,
    azSource: "sequence-acr-import-mcr-az-2.79.json",
    minimum: "2 (POST importImage, 1 poll)",
    minimumRequests: 2,
  },
  credentials: {
    az: "1",
    azAtLeast: 1,
    azSource: "sequence-aks-get-credentials.json: one POST listClusterUserCredential",
    minimum: "1",
    minimumRequests: 1,
  },
  check: {
    az: "no recording (az aks check-acr is live-only and runs a canipull pod in the cluster)",
    azAtLeast: undefined,
    azSource: "no recording of az aks check-acr exists in the azure-cli repository",
    minimum: "2 reads in parallel (cluster, registry) before any check; more per check",
    minimumRequests: undefined,
  },
} satisfies Record<string, Reference>;

export type OperationName = keyof typeof REFERENCES;
