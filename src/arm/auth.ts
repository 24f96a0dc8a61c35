import type { AbortSignalLike } from "@azure/abort-controller";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type { Cloud } from "../cloud.js";

export const bearerPolicyName = "aksAcrBearerPolicy";

/** Refresh this long before expiry, so a token does not expire in flight. */
const REFRESH_MARGIN_MS = 2 * 60_000;

/** The credential failed to give a token; carries the credential's error as `cause`, never a token. */
export class TokenAcquisitionError extends Error {
  override readonly name = "TokenAcquisitionError";
  constructor(
    readonly scope: string,
    cause: unknown,
  ) {
    super(`Could not get a token for ${scope}`, { cause });
  }
}

/**
 * `DefaultAzureCredential`, loaded only when the first token is needed, so a program that passes
 * its own credential never loads `@azure/identity`.
 */
export function lazyDefaultCredential(cloud: Cloud): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;
  return {
    async getToken(scopes, options) {
      credential ??= import("@azure/identity").then(
        ({ DefaultAzureCredential }) => new DefaultAzureCredential({ authorityHost: cloud.authorityHost }),
      );
      return (await credential).getToken(scopes, options);
    },
  };
}

function isLoopback(url: URL): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/**
 * Adds `Authorization: Bearer …` with a token for Microsoft Graph on Graph's URLs and for ARM on
 * all others; tokens are cached per scope and shared by concurrent requests. Unlike core's bearer
 * policy it allows plain http to loopback, where a fake Azure listens.
 */
export function bearerPolicy(credential: TokenCredential, cloud: Cloud): PipelinePolicy {
  const cache = new Map<string, Promise<AccessToken>>();
  const graphScope = `${cloud.graph}/.default`;

  async function token(scope: string, abortSignal: AbortSignalLike | undefined): Promise<string> {
    const cached = cache.get(scope);
    if (cached) {
      const value = await cached.catch(() => undefined);
      if (value && value.expiresOnTimestamp - REFRESH_MARGIN_MS > Date.now()) return value.token;
      if (cache.get(scope) !== cached) return token(scope, abortSignal);
    }
    const pending = credential.getToken(scope, { abortSignal }).then((value) => {
      if (!value) throw new Error("the credential returned no token");
      return value;
    });
    cache.set(scope, pending);
    try {
      return (await pending).token;
    } catch (error) {
      if (cache.get(scope) === pending) cache.delete(scope);
      if ((error as { name?: string }).name === "AbortError") throw error;
      throw new TokenAcquisitionError(scope, error);
    }
  }

  return {
    name: bearerPolicyName,
    async sendRequest(request, next) {
      const url = new URL(request.url);
      if (url.protocol !== "https:" && !isLoopback(url)) {
        throw new Error(`Refusing to send a bearer token over ${url.protocol} to ${url.host}`);
      }
      const scope = request.url.startsWith(cloud.graph) ? graphScope : cloud.resourceManagerScope;
      request.headers.set("Authorization", `Bearer ${await token(scope, request.abortSignal)}`);
      return next(request);
    },
  };
}
