import { AsyncLocalStorage } from "node:async_hooks";
import { createTracingClient } from "@azure/core-tracing";
import type { OperationTracingOptions } from "@azure/core-tracing";
import type { CallOptions } from "../options.js";
import { VERSION } from "../version.js";

/** Spans through `@azure/core-tracing`: no-ops until the program registers an instrumenter (OpenTelemetry's). */
const tracingClient = createTracingClient({ namespace: "Microsoft.ContainerService", packageName: "aks-acr", packageVersion: VERSION });

/**
 * The tracing options of the operation running in this async context. Operations pass their
 * options down a dozen helpers to the requests they send; carrying the span context alongside,
 * instead of through every helper, lets the client attach it to each request it sends.
 */
const operationTracing = new AsyncLocalStorage<OperationTracingOptions | undefined>();

/**
 * Runs one public operation in a span named as the Azure SDK names its spans ("Integration.attach"),
 * a child of the caller's `tracingOptions.tracingContext`; every request it sends gets an HTTP span
 * under it from core's tracing policy.
 */
export function traced<T>(name: string, options: CallOptions | undefined, operation: () => Promise<T>): Promise<T> {
  return tracingClient.withSpan(name, options ?? {}, (updated) => operationTracing.run(updated.tracingOptions, operation));
}

/** The tracing options requests of the current operation are sent with, if it runs in {@link traced}. */
export function currentTracingOptions(): OperationTracingOptions | undefined {
  return operationTracing.getStore();
}
