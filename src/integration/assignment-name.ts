import { createHash } from "node:crypto";

/**
 * The name of the role assignment a (registry, cluster) pair owns: the same registry and cluster
 * always give the same GUID, whoever the cluster's identity is and whichever role it holds. So an
 * attach can read the pair's grant by name in its first round trip (in parallel with the cluster's
 * GET) and see from its body whether it still grants the current identity the right role; a
 * dropped write can be settled by reading that name back; and a changed kubelet identity shows up
 * as the pair's assignment naming another principal.
 * A name-based (version 5 shaped) UUID over sha256 of "registryId|clusterId", both lower-cased
 * because ARM compares ids case-insensitively.
 */
export function assignmentName(registryId: string, clusterId: string): string {
  const input = `${trimId(registryId)}|${trimId(clusterId)}`;
  const bytes = createHash("sha256").update(input).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function trimId(id: string): string {
  return id.toLowerCase().replace(/\/+$/, "");
}
