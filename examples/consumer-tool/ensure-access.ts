/**
 * A hypothetical platform tool built on aks-acr: make sure each of a fleet's clusters can pull from
 * the team's registry, and say per cluster what was done. Its tests (ensure-access.test.ts) show
 * how a consumer tests such code against the fake Azure in `aks-acr/fakes`.
 */
import { createClient, isAksAcrError, type ClientOptions, type ClusterRefInput } from "aks-acr";

export type AccessStatus = "granted" | "alreadyGranted" | "wouldGrant" | "failed";

export interface ClusterAccess {
  /** The cluster as `<resourceGroup>/<name>`, or its id as given. */
  cluster: string;
  status: AccessStatus;
  /** The role that grants the pull, when known. */
  role?: string;
  /** One sentence for the tool's output: what was done, or why it failed. */
  detail: string;
  /** The aks-acr error code of a failure, for the tool's exit status. */
  errorCode?: string;
}

export interface EnsureOptions extends ClientOptions {
  /** Report what would be granted; write nothing. @default false */
  dryRun?: boolean;
}

/** Grants every cluster pull access to `registry` (name, login server or id); clusters are handled in parallel. */
export async function ensureAcrAccess(clusters: readonly ClusterRefInput[], registry: string, options: EnsureOptions = {}): Promise<ClusterAccess[]> {
  const { dryRun = false, ...clientOptions } = options;
  const azure = createClient(clientOptions);
  return Promise.all(
    clusters.map(async (ref): Promise<ClusterAccess> => {
      const cluster = typeof ref === "string" ? ref : `${ref.resourceGroup}/${ref.name}`;
      try {
        const result = await azure.integration(ref).attach(registry, { dryRun });
        const status: AccessStatus = result.alreadyPresent ? "alreadyGranted" : dryRun ? "wouldGrant" : "granted";
        return { cluster, status, role: result.role.name, detail: result.summary };
      } catch (error) {
        if (!isAksAcrError(error)) throw error;
        return { cluster, status: "failed", detail: error.message, errorCode: error.code };
      }
    }),
  );
}
