import { AksAcrError } from "../errors.js";
import type { ProgressEvent } from "../options.js";
import { fromThrown, readArmError } from "./armError.js";
import { serverRetryDelayMs } from "./retry.js";
import { sleep } from "./sleep.js";
import type { ArmClient, ArmResponse, PollOptions } from "./types.js";

const DEFAULT_INTERVAL_MS = 2000;
/** Statuses a Location poll answers for an operation that ended Failed or Canceled. */
const OPERATION_FAILED_STATUSES = [400, 409, 422];
const TERMINAL = new Set(["succeeded", "failed", "canceled", "cancelled"]);

function statusOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as { status?: unknown; properties?: { provisioningState?: unknown } };
  if (typeof record.status === "string") return record.status;
  const state = record.properties?.provisioningState;
  return typeof state === "string" ? state : undefined;
}

function isFailure(status: string | undefined): boolean {
  return status !== undefined && ["failed", "canceled", "cancelled"].includes(status.toLowerCase());
}

/**
 * Follows a long-running operation. The first poll goes out at once unless the server sent
 * `Retry-After` (cheap when the operation is already done, as fakes and small updates often are);
 * later polls wait `Retry-After` or `intervalMs`.
 */
export async function pollOperation<T>(arm: ArmClient, initial: ArmResponse, options: PollOptions): Promise<ArmResponse<T>> {
  const started = Date.now();
  const interval = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  let polls = 0;
  const report = (stage: ProgressEvent["stage"], status?: string): void => {
    options.onProgress?.({
      operation: options.operation,
      stage,
      ...(status !== undefined && { status }),
      poll: polls,
      elapsedMs: Date.now() - started,
    });
  };
  const context = { operation: options.operation, ...(options.scope !== undefined && { scope: options.scope }) };
  const get = <R>(path: string, apiVersion?: string, allowStatus?: readonly number[]): Promise<ArmResponse<R>> =>
    arm.send<R>({
      method: "GET",
      path,
      ...(apiVersion !== undefined && { apiVersion }),
      ...(allowStatus !== undefined && { allowStatus }),
      ...context,
      ...(options.signal !== undefined && { signal: options.signal }),
    });
  const wait = async (previous: ArmResponse): Promise<void> => {
    const hinted = serverRetryDelayMs({ get: (name) => previous.header(name) });
    try {
      await sleep(hinted ?? (polls === 0 ? 0 : interval), options.signal);
    } catch (error) {
      throw fromThrown(error, { ...context, method: "GET", url: "" });
    }
  };
  const fail = (last: ArmResponse, status: string): never => {
    report("failed", status);
    const arm = readArmError(last.body);
    throw new AksAcrError("OperationFailed", {
      ...context,
      reason: `the operation ended ${status}${arm.code || arm.message ? ` (${arm.code ?? "error"}: ${arm.message ?? "no message"})` : ""}`,
      fix: "Read ARM's message above, fix its cause and run the operation again",
      response: {
        status: last.status,
        ...(arm.code !== undefined && { armCode: arm.code }),
        ...(arm.message !== undefined && { armMessage: arm.message }),
        ...(last.requestId !== undefined && { requestId: last.requestId }),
      },
    });
  };
  const finish = async (last: ArmResponse, status: string): Promise<ArmResponse<T>> => {
    const result = options.finalGet ? await get<T>(options.finalGet, options.apiVersion) : (last as ArmResponse<T>);
    report("succeeded", status);
    return result;
  };

  report("started", statusOf(initial.body));
  const asyncUrl = initial.header("azure-asyncoperation");
  const locationUrl = initial.header("location");

  if (asyncUrl) {
    let last = initial;
    for (;;) {
      await wait(last);
      last = await get(asyncUrl);
      polls++;
      const status = statusOf(last.body) ?? "InProgress";
      report("polling", status);
      if (isFailure(status)) return fail(last, status);
      if (status.toLowerCase() === "succeeded") return finish(last, status);
    }
  }
  if (locationUrl && initial.status === 202) {
    let last = initial;
    for (;;) {
      await wait(last);
      last = await get(locationUrl, undefined, OPERATION_FAILED_STATUSES);
      polls++;
      const answered = statusOf(last.body);
      // A Location URL answers a failed operation as the call itself would have: a 4xx with {status, error}.
      const status = answered ?? (last.status === 202 ? "InProgress" : last.status >= 400 ? "Failed" : "Succeeded");
      report("polling", status);
      if (last.status === 202) continue;
      if (last.status >= 400 || isFailure(status)) return fail(last, isFailure(status) ? status : "Failed");
      return finish(last, status);
    }
  }
  return followProvisioningState();

  /** No monitor URL: the resource's own provisioningState says when it is done. */
  async function followProvisioningState(): Promise<ArmResponse<T>> {
    if (initial.status === 202 && !options.finalGet) {
      throw new AksAcrError("UnexpectedResponse", {
        ...context,
        reason: "ARM accepted the operation (202) but sent neither a Location nor an Azure-AsyncOperation header to follow it, so its outcome is unknown",
        fix: "Check the result in the portal or with a GET, then run the operation again if it did not take effect",
        response: { status: initial.status, ...(initial.requestId !== undefined && { requestId: initial.requestId }) },
      });
    }
    let last = initial;
    let status = statusOf(initial.body);
    while (options.finalGet && status !== undefined && !TERMINAL.has(status.toLowerCase())) {
      await wait(last);
      last = await get(options.finalGet, options.apiVersion);
      polls++;
      status = statusOf(last.body);
      report("polling", status);
    }
    if (isFailure(status)) return fail(last, status as string);
    report("succeeded", status ?? "Succeeded");
    return last as ArmResponse<T>;
  }
}

