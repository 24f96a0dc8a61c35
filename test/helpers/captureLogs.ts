import { AzureLogger, getLogLevel, setLogLevel, type AzureLogLevel } from "@azure/logger";
import { afterEach, beforeEach, vi } from "vitest";

/**
 * Every line the library could log during a test (the Azure logger at verbose, and the console),
 * for secret-leak tests to search. The array is emptied before each test.
 */
export function captureLogs(): string[] {
  const lines: string[] = [];
  const originalLog = AzureLogger.log;
  let originalLevel: AzureLogLevel | undefined;
  beforeEach(() => {
    lines.length = 0;
    originalLevel = getLogLevel();
    setLogLevel("verbose");
    AzureLogger.log = (...args: unknown[]) => void lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    }
  });
  afterEach(() => {
    AzureLogger.log = originalLog;
    setLogLevel(originalLevel);
    vi.restoreAllMocks();
  });
  return lines;
}
