import { AksAcrError } from "../errors.js";
import { registryInfo } from "../resolve/registry-json.js";
import type { RegistryJson } from "../resolve/registry-json.js";
import type { RegistryInfo } from "../resolve/types.js";
import type { RegistryDetails } from "./types.js";

interface CreatePropertiesJson {
  tags?: Record<string, string>;
  properties?: { provisioningState?: unknown; adminUserEnabled?: unknown };
}

/** A registry's ARM JSON → the library's view; `UnexpectedResponse` when a field it relies on is missing. */
export function toRegistryDetails(body: unknown, operation: string): RegistryDetails {
  const info = registryInfo((typeof body === "object" && body !== null ? body : {}) as RegistryJson, "");
  if (info.id === "" || info.name === "" || info.loginServer === "") {
    throw new AksAcrError("UnexpectedResponse", {
      operation,
      reason: "ARM's registry answer has no id, name or properties.loginServer",
      fix: "Retry; if it persists, report the x-ms-request-id to Azure support",
    });
  }
  return withCreateProperties(info);
}

/** Adds what `create` sets (admin user, tags, provisioning state) to a resolved registry. */
export function withCreateProperties(info: RegistryInfo): RegistryDetails {
  const raw = info.raw as CreatePropertiesJson;
  return {
    ...info,
    adminUserEnabled: raw.properties?.adminUserEnabled === true,
    provisioningState: String(raw.properties?.provisioningState ?? "Succeeded"),
    tags: { ...(raw.tags ?? {}) },
  };
}
