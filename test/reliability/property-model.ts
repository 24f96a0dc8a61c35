/**
 * The model the property test checks the fake's final state against: per (cluster, registry) pair,
 * whether an assignment must exist, must not, or may (a race or a failure that may have landed);
 * and for every assignment that exists, its exact scope, role and principal.
 */
import { expect } from "vitest";
import type { FakeAzure } from "../../fakes/index.js";

export type Op =
  | { kind: "attach" | "detach"; cluster: number; registry: number }
  | { kind: "import"; registry: number; source: number; tag: number };

export interface Outcome {
  op: Op;
  ok: boolean;
  /** A failure whose error says nothing was changed (`error.changed` empty). */
  claimedUnchanged: boolean;
  /** What a successful attach said it granted. */
  granted?: { scope: string; role: string; principalId: string };
  /** What a successful import said its tags point at, when it said (unchanged re-runs, digest sources). */
  digest?: string;
}

export type Presence = "present" | "absent" | "either";

export interface ModelWorld {
  azure: FakeAzure;
  /** Kubelet identity object id per cluster. */
  kubelets: string[];
  /** ARM id per registry. */
  registryIds: string[];
  /** The role each registry honours for pulls (AcrPull, or the ABAC repository reader). */
  pullRoles: string[];
  /** Registry names. */
  registryNames: string[];
  /** Digest of each import source, and its name for messages. */
  sources: { image: string; digest: string }[];
  /** The tags each registry was seeded with. */
  seededTags: string[];
  /** Owner assignment of the default caller, which the operations never touch. */
  ownerAssignmentIds: Set<string>;
}

/**
 * Folds one round of concurrent outcomes into the pairs' presence: a success reaches its target
 * for certain, a failure that did not say "nothing changed" may have; ops of one round race, so
 * two different targets reached (for certain or maybe) leave the pair undetermined.
 */
export function applyRound(pairs: Map<string, Presence>, round: Outcome[]): void {
  const byPair = new Map<string, Outcome[]>();
  for (const outcome of round) {
    if (outcome.op.kind === "import") continue;
    const key = `${outcome.op.cluster}/${outcome.op.registry}`;
    byPair.set(key, [...(byPair.get(key) ?? []), outcome]);
  }
  for (const [key, outcomes] of byPair) {
    const before = pairs.get(key) ?? "absent";
    const target = (o: Outcome): Presence => (o.op.kind === "attach" ? "present" : "absent");
    const certain = new Set(outcomes.filter((o) => o.ok).map(target));
    const maybe = new Set(outcomes.filter((o) => !o.ok && !o.claimedUnchanged).map(target));
    const [only] = certain;
    if (certain.size > 1) pairs.set(key, "either");
    else if (only !== undefined) pairs.set(key, [...maybe].some((m) => m !== only) ? "either" : only);
    else if ([...maybe].some((m) => m !== before)) pairs.set(key, "either");
  }
}

/** Checks every role assignment and every tag of the world against the model. */
export function checkWorld(world: ModelWorld, pairs: Map<string, Presence>, outcomes: Outcome[]): void {
  const { azure } = world;
  const assignments = azure.state.roleAssignments().filter((a) => !world.ownerAssignmentIds.has(a.id));
  for (const assignment of assignments) {
    const registry = world.registryIds.findIndex((id) => id.toLowerCase() === assignment.scope.toLowerCase());
    const cluster = world.kubelets.findIndex((k) => k.toLowerCase() === assignment.principalId.toLowerCase());
    const what = `${assignment.roleName} for ${assignment.principalId} at ${assignment.scope}`;
    expect(registry, `${what}: scope is exactly one of the registries`).toBeGreaterThanOrEqual(0);
    expect(cluster, `${what}: principal is a cluster's kubelet identity`).toBeGreaterThanOrEqual(0);
    expect(assignment.roleName, `${what}: the role registry ${world.registryNames[registry]} honours`).toBe(world.pullRoles[registry]);
    expect(pairs.get(`${cluster}/${registry}`) ?? "absent", `${what}: no operation left this pair attached`).not.toBe("absent");
  }
  for (const [c, kubelet] of world.kubelets.entries()) {
    for (const [r, scope] of world.registryIds.entries()) {
      const held = assignments.filter((a) => a.scope.toLowerCase() === scope.toLowerCase() && a.principalId.toLowerCase() === kubelet.toLowerCase());
      const expected = pairs.get(`${c}/${r}`) ?? "absent";
      expect(held.length, `cluster ${c} at registry ${r}: no duplicate`).toBeLessThanOrEqual(1);
      if (expected !== "either") expect(held.length, `cluster ${c} at registry ${r} should be ${expected}`).toBe(expected === "present" ? 1 : 0);
    }
  }
  for (const outcome of outcomes) {
    if (!outcome.granted || outcome.op.kind !== "attach") continue;
    const { cluster, registry } = outcome.op;
    expect(outcome.granted, `attach ${cluster}/${registry} reported what it granted`).toEqual({
      scope: (world.registryIds[registry] as string).toLowerCase(),
      role: world.pullRoles[registry],
      principalId: (world.kubelets[cluster] as string).toLowerCase(),
    });
  }
  checkTags(world, outcomes);
}

/**
 * Every tag a successful import wrote exists and points at a digest one of that tag's imports
 * could have written; no tag exists that only failed imports which said "nothing changed" aimed at.
 */
function checkTags(world: ModelWorld, outcomes: Outcome[]): void {
  for (const [r, name] of world.registryNames.entries()) {
    const imports = outcomes.filter((o): o is Outcome & { op: Extract<Op, { kind: "import" }> } => o.op.kind === "import" && o.op.registry === r);
    const registry = world.azure.state.registries().find((reg) => reg.name === name);
    const tagsNow = world.azure.state.images(name);
    for (const tag of new Set(imports.map((o) => `app:t${o.op.tag}`))) {
      const aimed = imports.filter((o) => `app:t${o.op.tag}` === tag);
      const digest = registry?.repositories.get("app")?.tags.get(tag.slice(4));
      if (aimed.some((o) => o.ok)) expect(tagsNow, `${name}: ${tag} written by a successful import`).toContain(tag);
      if (digest === undefined) continue;
      const could = aimed.filter((o) => o.ok || !o.claimedUnchanged).map((o) => world.sources[o.op.source]?.digest);
      expect(could, `${name}: ${tag} points at what one of its imports copied`).toContain(digest);
      for (const o of aimed) if (o.ok && o.digest !== undefined) expect(o.digest, `${name}: ${tag} reported digest`).toBe(digest);
    }
    const aimedTags = new Set(imports.filter((o) => o.ok || !o.claimedUnchanged).map((o) => `app:t${o.op.tag}`));
    const unexpected = tagsNow.filter((t) => !world.seededTags.includes(t) && !aimedTags.has(t));
    expect(unexpected, `${name}: tags no import may have written`).toEqual([]);
  }
}
