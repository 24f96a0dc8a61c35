/**
 * Object names the way Kubernetes makes them: a ReplicaSet is `<deployment>-<pod-template-hash>`
 * and its pods `<replicaset>-<5 chars>`, both drawn from the apimachinery "safe" alphabet
 * (no vowels, no 0/1/3, so generated names never spell words or look like other characters).
 */

const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** 32-bit FNV-1a, the hash the deployment controller uses for pod-template-hash. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Mirrors `rand.SafeEncodeString(fmt.Sprint(hash))`, padded so every hash has 10 characters. */
function safeEncode(digits: string): string {
  let out = "";
  for (const ch of digits) out += SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}

/** The pod-template-hash label of a Deployment's pod template. */
export function podTemplateHash(template: unknown): string {
  return safeEncode(String(fnv32a(stableStringify(template))).padStart(10, "0"));
}

/** A 5-character pod-name suffix; deterministic per (owner, sequence) so tests are reproducible. */
export function nameSuffix(owner: string, sequence: number): string {
  let hash = fnv32a(`${owner}#${sequence}`);
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += SAFE_ALPHABET[hash % SAFE_ALPHABET.length];
    hash = (Math.floor(hash / SAFE_ALPHABET.length) ^ fnv32a(`${out}${sequence}`)) >>> 0;
  }
  return out;
}

/** JSON with sorted keys, so equal templates hash equally whatever order a client sent. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
