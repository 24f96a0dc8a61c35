/** Query parameters that carry secrets: SAS/async-operation signatures and OAuth values. */
const SECRET_QUERY_PARAMS = new Set([
  "sig", "t", "c", "s", "h", "se", "sp", "sv", "skoid", "sktid", "skt", "ske", "sks", "skv",
  "access_token", "refresh_token", "client_secret", "password", "code",
]);

const REDACTED = "REDACTED";

/** The URL with secret-bearing query values replaced, so it can be logged and put in errors. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url);
  }
  if (parsed.username || parsed.password) {
    parsed.username = REDACTED;
    parsed.password = "";
  }
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_PARAMS.has(key.toLowerCase())) parsed.searchParams.set(key, REDACTED);
  }
  return parsed.toString();
}

const TEXT_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)?/g, REDACTED],
  [/("(?:password|passwd|client_secret|clientSecret|secret|access_token|refresh_token|accessToken|refreshToken|token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${REDACTED}"`],
  [/((?:client-key-data|client-certificate-data|token|password)\s*:\s*)(?!REDACTED)("[^"\n]*"|'[^'\n]*'|[^\s,}]+)/gi, `$1${REDACTED}`],
  [/\b((?:access_token|refresh_token|client_secret|password|sig)=)[^&\s"']+/gi, `$1${REDACTED}`],
];

/** The text with bearer tokens, JWTs, passwords and kubeconfig credentials replaced. */
export function redactText(text: string): string {
  return TEXT_PATTERNS.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), text);
}
