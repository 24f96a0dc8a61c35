import type { ErrorCode } from "../errors.js";
import { isAksAcrError } from "../errors.js";

/** Process exit codes of the `aks-acr` command, so scripts can tell failures apart without parsing text. */
export const EXIT = {
  ok: 0,
  /** Any other failure, and a `check` whose report has a failing check. */
  failed: 1,
  badInput: 2,
  permission: 3,
  notFound: 4,
  transient: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_ERROR_CODE: Partial<Record<ErrorCode, ExitCode>> = {
  InvalidInput: EXIT.badInput,
  PermissionDenied: EXIT.permission,
  AuthenticationFailed: EXIT.permission,
  NotFound: EXIT.notFound,
  Ambiguous: EXIT.notFound,
  Throttled: EXIT.transient,
  ServiceUnavailable: EXIT.transient,
  Timeout: EXIT.transient,
  PrincipalNotReady: EXIT.transient,
};

/** The exit code for an error thrown by a command. */
export function exitCodeOf(error: unknown): ExitCode {
  if (!isAksAcrError(error)) return EXIT.failed;
  return BY_ERROR_CODE[error.code] ?? EXIT.failed;
}

/** The table printed under `aks-acr --help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  any other failure (including a check that found a failing check)
  2  bad input: a malformed argument or usage error (InvalidInput)
  3  permission: the caller may not do this or could not sign in (PermissionDenied, AuthenticationFailed)
  4  not found: no such cluster, registry or image, or a name matched several (NotFound, Ambiguous)
  5  transient: try again later (Throttled, ServiceUnavailable, Timeout, PrincipalNotReady)`;
