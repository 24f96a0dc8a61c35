import { describe, expect, it } from "vitest";
import { AksAcrError, type ErrorCode } from "../../src/errors.js";
import { EXIT, EXIT_CODES_HELP, exitCodeOf } from "../../src/cli/exitCodes.js";

const error = (code: ErrorCode): AksAcrError => new AksAcrError(code, { operation: "do something", reason: "it failed" });

describe("exit codes", () => {
  it.each<[ErrorCode, number]>([
    ["InvalidInput", 2],
    ["PermissionDenied", 3],
    ["AuthenticationFailed", 3],
    ["NotFound", 4],
    ["Ambiguous", 4],
    ["Throttled", 5],
    ["ServiceUnavailable", 5],
    ["Timeout", 5],
    ["PrincipalNotReady", 5],
    ["Conflict", 1],
    ["CrossTenant", 1],
    ["OperationFailed", 1],
    ["ImagePullFailed", 1],
    ["WorkloadNotReady", 1],
    ["Aborted", 1],
    ["UnexpectedResponse", 1],
    ["RequestFailed", 1],
  ])("%s exits %i", (code, exit) => {
    expect(exitCodeOf(error(code))).toBe(exit);
  });

  it("exits 1 for an error that is not an AksAcrError", () => {
    expect(exitCodeOf(new TypeError("bug"))).toBe(EXIT.failed);
    expect(exitCodeOf("a string")).toBe(EXIT.failed);
  });

  it("documents every code in --help, with the error codes that lead to it", () => {
    for (const exit of Object.values(EXIT)) expect(EXIT_CODES_HELP).toMatch(new RegExp(`^  ${exit}  `, "m"));
    for (const code of ["InvalidInput", "PermissionDenied", "AuthenticationFailed", "NotFound", "Ambiguous", "Throttled", "ServiceUnavailable", "Timeout", "PrincipalNotReady"]) {
      const line = EXIT_CODES_HELP.split("\n").find((l) => l.includes(code)) ?? "";
      expect(line.trim().split(" ")[0]).toBe(String(exitCodeOf(error(code as ErrorCode))));
    }
  });
});
