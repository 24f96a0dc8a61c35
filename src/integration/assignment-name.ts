import { createHash } from "node:crypto";

/**
 * The role assignment's name, derived from what it grants: the same scope, role and principal
 * always give the same GUID, so a re-run PUTs the same name (200, nothing changes) and a dropped
 * write can be settled by reading that name back.
 * A name-based (version 5 shaped) UUID over sha256 of "scope|role|principal", scope lower-cased
 * because ARM compares ids case-insensitively.
 */
export function assignmentName(scope: string, roleGuid: string, principalObjectId: string): string {
  const input = `${scope.toLowerCase()}|${roleGuid.toLowerCase()}|${principalObjectId.toLowerCase()}`;
  const bytes = createHash("sha256").update(input).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
