import type { AccessToken, TokenCredential } from "@azure/core-auth";

/** The claims the fake puts in (and reads from) its JWT-shaped access tokens. */
export interface TokenClaims {
  /** Object id of the principal the token names. */
  oid: string;
  tid: string;
  /** Application (client) id, for service principals and managed identities. */
  appid?: string;
  aud: string;
  iss: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

/** Lifetime of the tokens the fake issues. */
export const TOKEN_LIFETIME_SECONDS = 3600;

const base64url = (value: string): string => Buffer.from(value, "utf8").toString("base64url");

/** A token shaped like Entra ID's (header.payload.signature); the signature is not checked by anyone. */
export function issueToken(claims: Omit<TokenClaims, "iss" | "iat" | "exp">, nowMs: number): { token: string; expiresOnMs: number } {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + TOKEN_LIFETIME_SECONDS;
  const payload: TokenClaims = { ...claims, iss: `https://sts.windows.net/${claims.tid}/`, iat, exp };
  const header = { typ: "JWT", alg: "RS256", kid: "fake-azure" };
  const token = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.${base64url("fake-azure-signature")}`;
  return { token, expiresOnMs: exp * 1000 };
}

/** Reads the claims of a token the fake issued; undefined for anything else. */
export function readToken(token: string): TokenClaims | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<TokenClaims>;
    if (typeof claims.oid !== "string" || typeof claims.tid !== "string" || typeof claims.exp !== "number") return undefined;
    return claims as TokenClaims;
  } catch {
    return undefined;
  }
}

/** The audience Entra ID puts in a token requested for `scopes` (`https://management.azure.com/.default`). */
export function audienceOf(scopes: string | string[]): string {
  const scope = (Array.isArray(scopes) ? scopes[0] : scopes) ?? "";
  return scope.replace(/\/?\.default$/, "") || "https://management.azure.com";
}

/** A TokenCredential that names `principal` in every token it hands out. */
export function fakeCredential(principal: () => { objectId: string; tenantId: string; clientId?: string }, now: () => number): TokenCredential {
  return {
    async getToken(scopes): Promise<AccessToken> {
      const { objectId, tenantId, clientId } = principal();
      const { token, expiresOnMs } = issueToken(
        { oid: objectId, tid: tenantId, aud: audienceOf(scopes), ...(clientId ? { appid: clientId } : {}) },
        now(),
      );
      return { token, expiresOnTimestamp: expiresOnMs, tokenType: "Bearer" };
    },
  };
}
