import type { TokenBucketLimits } from "../http/rateLimit.js";
import type { HostKind } from "../http/hosts.js";

/**
 * One fault rule: which requests it matches, when it fires, and what the fake answers instead.
 * Matching fields are ANDed; a field left out matches everything.
 */
export interface FaultRule {
  // ---- which requests ----
  /** HTTP method(s), any case. */
  method?: string | readonly string[];
  /** ARM operationId(s) of the route that would answer, e.g. `RoleAssignments_Create`, `Registries_ImportImage`. */
  operation?: string | readonly string[];
  /** The path goes through this resource type, e.g. `Microsoft.Authorization/roleAssignments` (any case). */
  resourceType?: string;
  /** Tested against the request's normalised pathname. */
  url?: RegExp;
  /** The path starts with this ARM id (any case), e.g. a registry's id: the registry and everything under it. */
  scope?: string;
  /** Which service. @default "arm" */
  host?: HostKind;

  // ---- when ----
  /** Fire from the nth matching request on (1-based). @default 1 */
  nth?: number;
  /** How many matching requests it answers; `Infinity` for a standing rule. @default 1 (N for `principalNotFound: N`) */
  times?: number;
  /** Fire on a matching request with this probability, drawn from a seeded generator. @default 1 */
  probability?: number;
  /** Seed of this rule's generator. @default the fake's `faultSeed` option, else 1 */
  seed?: number;

  // ---- what (at most one of these; `latencyMs` may go with any) ----
  /** 429 `ResourceRequestsThrottled` with `Retry-After` (seconds, default 1); `html: true` sends a text/html body. */
  throttle?:
    | true
    | {
        /** The `Retry-After` header. @default 1 */
        retryAfterSeconds?: number;
        /** Send ARM's occasional text/html body instead of JSON. @default false */
        html?: boolean;
      };
  /** A 5xx with ARM's error body for it (500 InternalServerError, 502 BadGateway, 503 ServiceUnavailable, 504 GatewayTimeout). */
  status?: 500 | 502 | 503 | 504;
  /**
   * The connection drops: no answer at all (msw `HttpResponse.error()`, a destroyed socket under
   * `listen()`). `"before"` (or `true`): the request never reached the service; `"after"`: the
   * service applied it and the answer was lost. The journal records status 0.
   */
  drop?: true | "before" | "after";
  /** The next N role-assignment writes (for `principalId`, if given) answer 400 `PrincipalNotFound`, as while an identity replicates. */
  principalNotFound?: number;
  /** With `principalNotFound`: only writes for this principal object id. */
  principalId?: string;
  /** 403 `AuthorizationFailed` naming the caller; `action` defaults to the one the request needs. */
  authorizationFailed?:
    | true
    | {
        /** The action the message says is missing. @default the one the request needs */
        action?: string;
      };
  /** The long-running operation the request starts ends Failed (with this ARM error, or a generic one). */
  fail?:
    | true
    | {
        /** ARM error code of the failed operation. */
        code: string;
        /** Its message. */
        message: string;
      };
  /** The long-running operation the request starts ends Canceled. */
  canceled?: true;
  /** The long-running operation the request starts answers "in progress" to N polls first. */
  polls?: number;
  /** Wait this long (real `setTimeout`, so fake timers control it) before answering. */
  latencyMs?: number;
}

/**
 * A request limit (see `Faults.rateLimit`): either ARM's token buckets (`tokenBucket`), or a
 * per-minute write window on one resource provider (`writesPerMinute`).
 */
export interface RateLimit {
  /**
   * Enforce ARM's token buckets: per subscription (tenant outside one), per principal, per operation
   * type; `true` for ARM's published sizes (reads 250 refilled at 25/s, writes and deletes 200 at 10/s),
   * or other sizes per type. Exclusive with `writesPerMinute`.
   */
  tokenBucket?: true | Partial<TokenBucketLimits>;
  /** Writes allowed per minute of the world's clock; the next ones answer 429. */
  writesPerMinute?: number;
  /** With `writesPerMinute`: the provider namespace whose writes count. @default "Microsoft.Authorization" */
  scope?: string;
}

/** A rule as `list()` shows it. */
export interface FaultRuleView {
  /** The id `add()` or `rateLimit()` returned. */
  id: string;
  /** Which of the two it is. */
  kind: "rule" | "rateLimit";
  /** The rule or limit as given. */
  rule: Readonly<FaultRule> | Readonly<RateLimit>;
  /** Matching requests seen so far. */
  seen: number;
  /** Requests it answered (or delayed, or reshaped) so far. */
  fired: number;
  /** Answers left; `Infinity` for a standing rule. */
  remaining: number;
}

/** Fault rules of one fake Azure: `azure.faults`. */
export interface Faults {
  /** Adds a rule; returns its id. Rules are tried in the order they were added; the first that fires answers. */
  add(rule: FaultRule): string;
  /**
   * Enforces a request limit, answering 429 `ResourceRequestsThrottled` with `Retry-After` beyond it:
   * ARM's token buckets (`{ tokenBucket: true }`; `Retry-After` = seconds to the next token), or a
   * per-minute write window on a provider (`{ writesPerMinute }`; `Retry-After` = seconds to the
   * window's end). Whether enforced or not, every ARM answer reports the caller's bucket in
   * `x-ms-ratelimit-remaining-subscription-reads` / `-writes` / `-deletes`.
   */
  rateLimit(limit: RateLimit): string;
  /** Every rule and limit, with what each has seen and done so far. */
  list(): FaultRuleView[];
  /** True when a rule of that id was there. */
  remove(id: string): boolean;
  /** Removes every rule and limit. */
  clear(): void;
}
