import type { LongCallOptions, CallOptions } from "../options.js";
import type { RegistryInfo } from "../resolve/types.js";
import type { RoleAssignmentMode } from "../roles.js";

/** The registry pricing tiers ARM accepts. */
export type RegistrySku = "Basic" | "Standard" | "Premium";

/** A registry as ARM describes it, with the properties `create` sets. */
export interface RegistryDetails extends RegistryInfo {
  /** Whether the admin user (username/password pulls) is enabled. */
  adminUserEnabled: boolean;
  /** "Succeeded" once usable; "Creating", "Deleting", … while an operation runs. */
  provisioningState: string;
  /** Azure tags of the registry. */
  tags: Record<string, string>;
}

/** Options of {@link RegistryApi.create}, the `az acr create` equivalent. */
export interface CreateRegistryOptions extends LongCallOptions {
  /** Resource group to create the registry in. @default the reference's resource group, when it names one */
  resourceGroup?: string;
  /** Azure region, e.g. "westeurope" ("West Europe" is accepted and normalised). */
  location: string;
  /** Pricing tier, case-insensitive. @default "Basic" */
  sku?: RegistrySku;
  /** Which roles grant pulls: ABAC registries honour "Container Registry Repository Reader", not AcrPull. @default ARM's default, "LegacyRegistryPermissions" */
  roleAssignmentMode?: RoleAssignmentMode;
  /** Enables the admin user (username/password pulls). @default false */
  adminUserEnabled?: boolean;
  /** Creates the resource group in `location` when it does not exist. @default false */
  createResourceGroup?: boolean;
  /** Azure tags of the registry. @default {} */
  tags?: Record<string, string>;
}

/** What `create` did: the registry, and whether this call created it. */
export interface CreateRegistryResult extends RegistryDetails {
  /** False when a registry of this name, SKU and location already existed in the resource group (idempotent re-run). */
  created: boolean;
  /** True when the resource group was created by this call. */
  createdResourceGroup: boolean;
}

/** What `delete` did. */
export interface DeleteRegistryResult {
  /** The registry's ARM id, as it was addressed. */
  id: string;
  /** The registry's name. */
  name: string;
  /** False when there was nothing to delete (ARM answered 204 or 404, or the name resolved to nothing). */
  deleted: boolean;
  /** One sentence saying what happened. */
  reason: string;
}

/** Credentials of a private source registry; sent to ARM in the request body, never logged or returned. */
export interface ImportCredentials {
  /** User name at the source registry. */
  username: string;
  /** Password or token at the source registry. */
  password: string;
}

/**
 * An image in another Azure Container Registry, named by that registry's ARM resource id or name
 * (resolved to its id); sent as `source.resourceId`, so the caller's Azure identity authorises the
 * copy and no credentials are needed.
 */
export interface RegistryImageSource {
  /** The source registry: an ARM resource id, a name, or a login server. */
  registry: string;
  /** The image inside it: `repo:tag`, `repo` (tag latest) or `repo@sha256:…`. */
  image: string;
}

/**
 * Where to import from: a reference the way people write it (`nginx`, `docker.io/library/nginx:latest`,
 * `mcr.microsoft.com/azuredocs/aks-helloworld:v1`, `other.azurecr.io/repo:tag`, `repo@sha256:…`),
 * or an image in another registry by its resource id.
 */
export type ImportSourceInput = string | RegistryImageSource;

/** Options of {@link RegistryApi.import}, the `az acr import` equivalent. */
export interface ImportImageOptions extends LongCallOptions {
  /**
   * Target `repo[:tag]`s; a target without a tag takes the source's tag (`latest` for a digest source).
   * @default the source's repository and tag, as `az acr import` does (`library/nginx:latest` for
   * `docker.io/library/nginx:latest`); for a digest source with no `tags` and no
   * `untaggedRepositories`, `<repository>:latest`, which is what ARM does with az's tagless target.
   */
  tags?: string[];
  /** Repositories to copy the manifest into without a tag. @default [] */
  untaggedRepositories?: string[];
  /** "Force" overwrites existing target tags; "NoForce" fails the import if one exists. @default "NoForce" */
  mode?: "NoForce" | "Force";
  /** Credentials for a private source registry named by address. Never logged, never returned. */
  credentials?: ImportCredentials;
}

/** The source as sent to ARM, without credentials. */
export interface ImportedSource {
  /** The source registry's address, for sources named by address. */
  registryUri?: string;
  /** The source registry's ARM id, for sources in another Azure registry. */
  resourceId?: string;
  /** `repo:tag` or `repo@sha256:…` inside the source registry. */
  sourceImage: string;
}

/** What `import` did. */
export interface ImportImageResult {
  /** The target registry. */
  registry: {
    /** ARM id of the registry. */
    id: string;
    /** Its login server, e.g. `myacr.azurecr.io`. */
    loginServer: string;
  };
  /** The source as sent to ARM (without credentials). */
  source: ImportedSource;
  /** Target tags written, each `repo:tag`. */
  tags: string[];
  /** Pullable references of the imported tags: `myacr.azurecr.io/nginx:v1`. */
  images: string[];
  /** Repositories the manifest was copied into untagged. */
  untaggedRepositories: string[];
  /**
   * The manifest digest, for digest sources only: ARM's import operation does not report the digest
   * of a tag, and reading it back would need the registry's data plane, which this library does not call.
   */
  digest?: string;
  /**
   * True when nothing was written because every target tag already pointed at the source's
   * digest (a re-run, or a re-send after ARM's answer to the first request was lost); `digest` is then that digest.
   */
  unchanged?: boolean;
}

/** One registry's operations; from `registry(ref, options)`. */
export interface RegistryApi {
  /** Creates the registry (`az acr create`); idempotent when the same registry already exists. */
  create(options: CreateRegistryOptions): Promise<CreateRegistryResult>;
  /** Reads the registry; `NotFound` when it does not exist. */
  get(options?: CallOptions): Promise<RegistryDetails>;
  /** Deletes the registry and its images; a registry that is already gone is not an error. */
  delete(options?: LongCallOptions): Promise<DeleteRegistryResult>;
  /** Imports an image into the registry (`az acr import`), waiting for the copy to finish. */
  import(source: ImportSourceInput, options?: ImportImageOptions): Promise<ImportImageResult>;
}
