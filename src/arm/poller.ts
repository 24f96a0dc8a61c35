import { AksAcrError } from "../errors.js";
import type { ProgressEvent } from "../options.js";
import { fromThrown, readArmError } from "./armError.js";
import { DEFAULT_POLL_SETTINGS, MIN_UPDATE_INTERVAL_MS } from "./pollSettings.js";
import { redactUrl } from "./redact.js";
import { serverRetryDelayMs } from "./retry.js";
import { sleep } from "./sleep.js";
import type { ArmClient, ArmResponse, PollOptions } from "./types.js";

/** Statuses a Location poll answers for an operation that ended Failed or Canceled. */
const OPERATION_FAILED_STATUSES = [400, 409, 422];
const TERMINAL = new Set(["succeeded", "failed", "canceled", "cancelled"]);
/**
 * Consecutive status polls answered without a `status` before giving up: ARM's operation status
 * always carries one, so an answer without it (a proxy's `{}`, say) would otherwise be "in
 * progress" forever.
 */
export const MAX_POLLS_WITHOUT_STATUS = 10;

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
 * later polls wait `Retry-After` when it is above 0. Without one (or with `Retry-After: 0`) they wait
 * 100 ms, doubling per poll up to `updateIntervalInMs` (2000 ms, `@azure/core-lro`'s interval): quick
 * operations end quickly, long ones are polled every 2 s, and no wait is ever 0, so a
 * `Retry-After: 0` cannot make a hot loop. Past `operationTimeoutInMs` the
 * poll (and any request in flight) stops with a `Timeout` error that says the state it left.
 */
export async function pollOperation<T>(arm: ArmClient, initial: ArmResponse, options: PollOptions): Promise<ArmResponse<T>> {
  const timeoutInMs = options.operationTimeoutInMs ?? DEFAULT_POLL_SETTINGS.operationTimeoutInMs;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutInMs);
  const abortSignal = options.abortSignal ? AbortSignal.any([options.abortSignal, deadline.signal]) : deadline.signal;
  const progress: PollProgress = { started: Date.now(), polls: 0, status: statusOf(initial.body) ?? "Accepted" };
  try {
    return await followOperation<T>(arm, initial, { ...options, abortSignal }, progress);
  } catch (error) {
    if (deadline.signal.aborted && !options.abortSignal?.aborted) throw timeoutError(initial, options, progress, timeoutInMs, error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Where a poll had got to, for the Timeout error. */
interface PollProgress {
  started: number;
  polls: number;
  status: string;
}

function timeoutError(initial: ArmResponse, options: PollOptions, progress: PollProgress, timeoutInMs: number, cause: unknown): AksAcrError {
  const monitor = initial.header("azure-asyncoperation") ?? initial.header("location");
  const seconds = Math.round((Date.now() - progress.started) / 1000);
  return new AksAcrError("Timeout", {
    operation: options.operation,
    ...(options.scope !== undefined && { scope: options.scope }),
    reason: `the operation was still ${progress.status} after ${progress.polls} polls over ${seconds} s (operationTimeoutInMs ${timeoutInMs}); ARM had accepted it, so it may still complete in Azure`,
    fix: "Check the resource's state in the portal or with a GET before running the operation again, or follow it longer with a larger operationTimeoutInMs",
    cause,
    details: { lastStatus: progress.status, polls: progress.polls, ...(monitor !== undefined && { operationUrl: redactUrl(monitor) }) },
  });
}

async function followOperation<T>(arm: ArmClient, initial: ArmResponse, options: PollOptions, progress: PollProgress): Promise<ArmResponse<T>> {
  const { started } = progress;
  const interval = options.updateIntervalInMs ?? DEFAULT_POLL_SETTINGS.updateIntervalInMs;
  let polls = 0;
  const report = (stage: ProgressEvent["stage"], status?: string): void => {
    progress.polls = polls;
    if (status !== undefined) progress.status = status;
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
      ...(options.abortSignal !== undefined && { abortSignal: options.abortSignal }),
    });
  const wait = async (previous: ArmResponse): Promise<void> => {
    const hinted = serverRetryDelayMs({ get: (name) => previous.header(name) });
    const delay = hinted !== undefined && hinted > 0 ? hinted : polls === 0 ? 0 : Math.min(interval, MIN_UPDATE_INTERVAL_MS * 2 ** (polls - 1));
    try {
      await sleep(delay, options.abortSignal);
    } catch (error) {
      throw fromThrown(error, { ...context, method: "GET", url: "" });
    }
  };
  const fail = (last: ArmResponse, status: string): never => {
    report("failed", status);
    const armError = readArmError(last.body);
    throw new AksAcrError("OperationFailed", {
      ...context,
      reason: `the operation ended ${status}${armError.code || armError.message ? ` (${armError.code ?? "error"}: ${armError.message ?? "no message"})` : ""}`,
      fix: "Read ARM's message above, fix its cause and run the operation again",
      response: {
        status: last.status,
        ...(armError.code !== undefined && { armCode: armError.code }),
        ...(armError.message !== undefined && { armMessage: armError.message }),
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
    let withoutStatus = 0;
    for (;;) {
      await wait(last);
      last = await get(asyncUrl);
      polls++;
      const answered = statusOf(last.body);
      withoutStatus = answered === undefined ? withoutStatus + 1 : 0;
      if (withoutStatus >= MAX_POLLS_WITHOUT_STATUS) return noStatus(last, asyncUrl, withoutStatus);
      const status = answered ?? "InProgress";
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

  function noStatus(last: ArmResponse, url: string, times: number): never {
    report("failed", progress.status);
    throw new AksAcrError("UnexpectedResponse", {
      ...context,
      reason: `the operation's status URL answered ${times} polls in a row without a status (last: ${last.status}); the operation was last seen ${progress.status} and may still be running in Azure`,
      fix: "Check that the cloud's resourceManager endpoint is ARM, not a proxy, and check the resource's state before running the operation again",
      response: { status: last.status, ...(last.requestId !== undefined && { requestId: last.requestId }), request: { method: "GET", url: redactUrl(url) } },
      details: { lastStatus: progress.status, polls },
    });
  }

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

