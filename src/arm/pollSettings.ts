import { AksAcrError } from "../errors.js";
import type { LongCallOptions } from "../options.js";

/**
 * How often and how long a long-running operation is followed: without a usable `Retry-After`,
 * polls wait 100 ms doubling up to `updateIntervalInMs` (2000 ms, `@azure/core-lro`'s default
 * interval); an overall deadline bounds the whole wait.
 */
export interface PollSettings {
  /** Wait between polls when ARM sends no `Retry-After` (or `Retry-After: 0`). */
  updateIntervalInMs: number;
  /** How long the operation is followed before a `Timeout` error. */
  operationTimeoutInMs: number;
}

export const DEFAULT_POLL_SETTINGS: PollSettings = { updateIntervalInMs: 2000, operationTimeoutInMs: 3_600_000 };
/** The first wait between polls without `Retry-After`, doubling up to `updateIntervalInMs`; also the shortest accepted `updateIntervalInMs`. */
export const MIN_UPDATE_INTERVAL_MS = 100;

/** The poll settings of a call, checked before its first request. */
export function pollSettings(options: LongCallOptions, operation: string): PollSettings {
  const settings = {
    updateIntervalInMs: options.updateIntervalInMs ?? DEFAULT_POLL_SETTINGS.updateIntervalInMs,
    operationTimeoutInMs: options.operationTimeoutInMs ?? DEFAULT_POLL_SETTINGS.operationTimeoutInMs,
  };
  const minimum = { updateIntervalInMs: MIN_UPDATE_INTERVAL_MS, operationTimeoutInMs: 1 };
  for (const name of ["updateIntervalInMs", "operationTimeoutInMs"] as const) {
    const value: unknown = settings[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value < minimum[name]) {
      throw new AksAcrError("InvalidInput", {
        operation,
        scope: name,
        reason: `${name} must be a number of milliseconds ≥ ${minimum[name]}, not ${JSON.stringify(value) ?? String(value)}`,
        fix: `Pass e.g. ${name}: ${DEFAULT_POLL_SETTINGS[name]}, or leave it out for that default`,
      });
    }
  }
  return settings;
}
