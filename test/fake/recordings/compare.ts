/** Compares a fake's answer with a recorded one: status, the headers clients read, and body key paths. */

/** Headers ARM clients act on; a recording keeps a subset, and each one it kept must be on the fake's answer. */
export const CLIENT_HEADERS = [
  "content-type",
  "location",
  "azure-asyncoperation",
  "retry-after",
  "x-ms-ratelimit-remaining-subscription-reads",
  "x-ms-ratelimit-remaining-subscription-writes",
  "x-ms-ratelimit-remaining-subscription-deletes",
] as const;

/** Objects whose keys are data (ids, tag names, image tags), not schema: their keys compare as `*`. */
const MAPS = new Set(["userAssignedIdentities", "tags", "controlPlanePluginProfiles"]);

/** Every key path of a JSON value (`properties.agentPoolProfiles[].name`), arrays merged, map keys as `*`. */
export function keyPaths(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) keyPaths(item, `${prefix}[]`, out);
    return out;
  }
  if (value === null || typeof value !== "object") return out;
  const isMap = MAPS.has(prefix.split(".").pop() ?? "");
  for (const [key, child] of Object.entries(value)) {
    const path = `${prefix ? `${prefix}.` : ""}${isMap ? "*" : key}`;
    out.add(path);
    keyPaths(child, path, out);
  }
  return out;
}

export interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Each difference as one line: `status 200 ≠ recorded 201`, `header location missing`, `body key properties.x missing|extra`. */
export function differences(recorded: Recorded, status: number, headers: Headers, body: unknown): string[] {
  const lines: string[] = [];
  if (status !== recorded.status) lines.push(`status ${status} ≠ recorded ${recorded.status}`);
  for (const name of CLIENT_HEADERS) {
    const want = recorded.headers[name];
    if (want === undefined) continue;
    const got = headers.get(name);
    if (got === null) lines.push(`header ${name} missing`);
    else if (name === "content-type" && mediaType(got) !== mediaType(want)) lines.push(`header content-type ${mediaType(got)} ≠ recorded ${mediaType(want)}`);
  }
  const want = keyPaths(recorded.body);
  const got = keyPaths(body);
  for (const path of [...want].filter((p) => !got.has(p)).sort()) lines.push(`body key ${path} missing`);
  for (const path of [...got].filter((p) => !want.has(p)).sort()) lines.push(`body key ${path} extra`);
  return lines;
}

const mediaType = (value: string): string => value.split(";")[0]?.trim().toLowerCase() ?? "";
