import type { Journal } from "../../../fakes/index.js";
import { compileResponse, violations } from "../../helpers/openapi.js";
import type { Captured } from "./clients.js";

const AKS = "containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2024-02-01/managedClusters.json";
const ACR = "containerregistry/resource-manager/Microsoft.ContainerRegistry/stable/2023-07-01/containerregistry.json";
const AUTHZ = "authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01";
const RESOURCES = "resources/resource-manager/Microsoft.Resources/stable/2024-03-01/resources.json";

/**
 * The spec file that defines each operation the fake serves, by the operation id the journal names.
 * Operation-status bodies follow ARM's RPC document, not an OpenAPI file; Microsoft.ManagedIdentity's
 * spec is not among the shared specs (docs/fake-known-differences.md).
 */
function specOf(operation: string): string | undefined {
  if (/^(ManagedClusters|AgentPools)_/.test(operation)) return AKS;
  if (operation.startsWith("Registries_")) return ACR;
  if (operation.startsWith("RoleAssignments_")) return `${AUTHZ}/authorization-RoleAssignmentsCalls.json`;
  if (/^(RoleDefinitions|Permissions)_/.test(operation)) return `${AUTHZ}/authorization-RoleDefinitionsCalls.json`;
  if (/^(ResourceGroups|Resources)_/.test(operation)) return RESOURCES;
  return undefined;
}

/** Operations answered whose bodies no spec here describes, so they were not validated. */
export const UNVALIDATED = /^(Operations_|UserAssignedIdentities_|Login_|Unknown$)/;

/**
 * Every spec violation in the bodies the clients received, one line each (empty when all conform),
 * and the operations that were checked.
 */
export function specViolations(captured: readonly Captured[], journal: Journal): { lines: string[]; checked: Set<string> } {
  const lines: string[] = [];
  const checked = new Set<string>();
  for (const answer of captured) {
    const entry = journal.find((e) => e.requestId === answer.requestId);
    if (!entry || !answer.body) continue;
    const spec = specOf(entry.operation);
    if (!spec) {
      if (!UNVALIDATED.test(entry.operation)) lines.push(`${entry.operation}: no spec mapped for ${answer.method} ${answer.url}`);
      continue;
    }
    checked.add(entry.operation);
    const problems = violations(compileResponse(spec, entry.operation, String(answer.status)), JSON.parse(answer.body));
    for (const problem of problems) lines.push(`${entry.operation} ${answer.status}: ${problem}`);
  }
  return { lines, checked };
}
