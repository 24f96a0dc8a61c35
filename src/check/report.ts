/**
 * The result of `check`: named checks, each with a status, one sentence a person can act on and,
 * when it does not pass, the fix. `ok` and `toString()` are derived from the list, never stored apart.
 */

export type CheckStatus = "pass" | "warn" | "fail" | "skipped";

/** The checks, in the order they are reported. */
export type CheckId =
  | "cluster"
  | "puller"
  | "principal"
  | "registry"
  | "tenant"
  | "pullRole"
  | "assignments"
  | "pullSecret"
  | "network"
  | "adminUser"
  | "image"
  | "probe";

/** One named check of a {@link CheckReport}. */
export interface CheckResult {
  /** Which check this is. */
  id: CheckId;
  /** Short name of what was checked: "Pull role assignment". */
  title: string;
  /** pass, warn, fail, or skipped (with the reason in `finding`) when an earlier finding made it moot. */
  status: CheckStatus;
  /** What was found, one sentence. */
  finding: string;
  /** What to do, when the check does not pass: the exact call, the role to grant or the setting to change. */
  fix?: string;
}

/** What `integration(cluster).check(registry)` found: one result per check, in a fixed order. */
export interface CheckReport {
  /** True when no check failed (warnings and skipped checks do not make it false). */
  readonly ok: boolean;
  /** The cluster, as `<resourceGroup>/<name>`. */
  readonly cluster: string;
  /** The registry's login server once found, else the registry as the caller named it. */
  readonly registry: string;
  /** Every check, in the order they are reported. */
  readonly checks: readonly CheckResult[];
  /** The check with this id. */
  get(id: CheckId): CheckResult | undefined;
  /** A fixed-width table (STATUS, CHECK, FINDING) followed by the fixes. */
  toString(): string;
}

export const CHECK_ORDER: readonly CheckId[] = [
  "cluster",
  "puller",
  "principal",
  "registry",
  "tenant",
  "pullRole",
  "assignments",
  "pullSecret",
  "network",
  "adminUser",
  "image",
  "probe",
];

/** The title each check is reported under. */
export const CHECK_TITLES: Readonly<Record<CheckId, string>> = {
  cluster: "Cluster",
  puller: "Pulling identity",
  principal: "Identity exists",
  registry: "Registry",
  tenant: "Same tenant",
  pullRole: "Pull role assignment",
  assignments: "Stale assignments",
  pullSecret: "Image pull secret",
  network: "Network access",
  adminUser: "Admin user",
  image: "Image exists",
  probe: "Pull from the cluster",
};

/** `{ id, title }` of a check, to spread into its result. */
export function checkOf<I extends CheckId>(id: I): { id: I; title: string } {
  return { id, title: CHECK_TITLES[id] };
}

const FINDING_WIDTH = 78;

/** A report of these checks, sorted into {@link CHECK_ORDER}. */
export function createReport(cluster: string, registry: string, checks: readonly CheckResult[]): CheckReport {
  const sorted = [...checks].sort((a, b) => CHECK_ORDER.indexOf(a.id) - CHECK_ORDER.indexOf(b.id));
  return {
    ok: sorted.every((c) => c.status !== "fail"),
    cluster,
    registry,
    checks: sorted,
    get: (id) => sorted.find((c) => c.id === id),
    toString: () => formatReport(cluster, registry, sorted),
  };
}

function formatReport(cluster: string, registry: string, checks: readonly CheckResult[]): string {
  const statusWidth = Math.max("STATUS".length, ...checks.map((c) => c.status.length));
  const titleWidth = Math.max("CHECK".length, ...checks.map((c) => c.title.length));
  const row = (status: string, title: string, finding: string): string[] =>
    wrap(finding, FINDING_WIDTH).map((line, i) =>
      `${(i === 0 ? status : "").padEnd(statusWidth)}  ${(i === 0 ? title : "").padEnd(titleWidth)}  ${line}`.trimEnd(),
    );
  const failed = checks.filter((c) => c.status === "fail").length;
  const warned = checks.filter((c) => c.status === "warn").length;
  const lines = [
    `Can cluster ${cluster} pull from registry ${registry}?`,
    "",
    ...row("STATUS", "CHECK", "FINDING"),
    ...checks.flatMap((c) => row(c.status.toUpperCase(), c.title, c.finding)),
    "",
    failed === 0 ? `OK: no check failed (${warned} warning${warned === 1 ? "" : "s"}).` : `NOT OK: ${failed} check${failed === 1 ? "" : "s"} failed, ${warned} warning${warned === 1 ? "" : "s"}.`,
  ];
  const withFix = checks.filter((c) => c.fix !== undefined && c.status !== "pass");
  if (withFix.length > 0) {
    lines.push("", "Fixes:");
    // Fixes are not wrapped: they quote calls and commands a person copies whole.
    withFix.forEach((c, i) => lines.push(`  ${i + 1}. ${c.title}: ${c.fix ?? ""}`));
  }
  return lines.join("\n");
}

/** Breaks text at spaces into lines of at most `width` characters (a longer word gets its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}
