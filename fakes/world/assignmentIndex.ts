import type { RoleAssignment } from "./types.js";

/**
 * The world's role assignments by GUID name, indexed by scope and by principal, so an authorised
 * request costs the depth of its scope, not the size of the world. It is a `Map`: `set`, `delete`
 * and `clear` keep the indexes, so code that treats it as a plain map stays correct.
 */
export class RoleAssignmentMap extends Map<string, RoleAssignment> {
  /** Assignments whose scope is exactly this (lower-cased, no trailing `/`; `/` is ""). */
  readonly #atScope = new Map<string, Set<RoleAssignment>>();
  /** Assignments at this scope or below it. */
  readonly #atOrBelow = new Map<string, Set<RoleAssignment>>();
  readonly #byPrincipal = new Map<string, Set<RoleAssignment>>();
  /** Insertion order, so indexed answers come back in the order a full scan would give. */
  readonly #order = new WeakMap<RoleAssignment, number>();
  #counter = 0;

  /** Adds or replaces an assignment by name, and indexes it. */
  override set(name: string, assignment: RoleAssignment): this {
    const previous = super.get(name);
    if (previous) this.#unindex(previous);
    super.set(name, assignment);
    this.#index(assignment);
    return this;
  }

  /** Removes an assignment by name, and from the indexes. */
  override delete(name: string): boolean {
    const previous = super.get(name);
    if (previous) this.#unindex(previous);
    return super.delete(name);
  }

  /** Removes every assignment and empties the indexes. */
  override clear(): void {
    super.clear();
    this.#atScope.clear();
    this.#atOrBelow.clear();
    this.#byPrincipal.clear();
  }

  /** ARM's `atScope()`: assignments at `scope` and at every parent scope, `/` included. */
  atOrAbove(scope: string): RoleAssignment[] {
    const found: RoleAssignment[] = [];
    for (const ancestor of ancestorsOf(scopeKey(scope))) for (const a of this.#atScope.get(ancestor) ?? []) found.push(a);
    return this.#ordered(found);
  }

  /** Assignments at `scope` or at any scope below it. */
  atOrBelow(scope: string): RoleAssignment[] {
    return this.#ordered([...(this.#atOrBelow.get(scopeKey(scope)) ?? [])]);
  }

  /** Every assignment naming the principal. */
  ofPrincipal(principalId: string): RoleAssignment[] {
    return this.#ordered([...(this.#byPrincipal.get(principalId.toLowerCase()) ?? [])]);
  }

  /** The principal's assignments at or above `scope`, walking whichever index holds fewer candidates. */
  ofPrincipalAtOrAbove(principalId: string, scope: string): RoleAssignment[] {
    const id = principalId.toLowerCase();
    const ancestors = ancestorsOf(scopeKey(scope));
    const mine = this.#byPrincipal.get(id);
    if (!mine) return [];
    const sets = ancestors.map((a) => this.#atScope.get(a)).filter((set): set is Set<RoleAssignment> => set !== undefined);
    const atOrAbove = sets.reduce((n, set) => n + set.size, 0);
    if (mine.size <= atOrAbove) {
      const inScope = new Set(ancestors);
      return this.#ordered([...mine].filter((a) => inScope.has(scopeKey(a.scope))));
    }
    return this.#ordered(sets.flatMap((set) => [...set].filter((a) => mine.has(a))));
  }

  #index(a: RoleAssignment): void {
    this.#order.set(a, this.#counter++);
    const key = scopeKey(a.scope);
    add(this.#atScope, key, a);
    for (const ancestor of ancestorsOf(key)) add(this.#atOrBelow, ancestor, a);
    add(this.#byPrincipal, a.principalId.toLowerCase(), a);
  }

  #unindex(a: RoleAssignment): void {
    const key = scopeKey(a.scope);
    remove(this.#atScope, key, a);
    for (const ancestor of ancestorsOf(key)) remove(this.#atOrBelow, ancestor, a);
    remove(this.#byPrincipal, a.principalId.toLowerCase(), a);
  }

  #ordered(assignments: RoleAssignment[]): RoleAssignment[] {
    return assignments.sort((x, y) => (this.#order.get(x) ?? 0) - (this.#order.get(y) ?? 0));
  }
}

/** A scope as the indexes key it: lower-cased, without trailing `/`, so `/` is "". */
export function scopeKey(scope: string): string {
  return scope.toLowerCase().replace(/\/+$/, "");
}

/** "", "/subscriptions", "/subscriptions/s", …, the key itself: every scope `isParentScope` calls a parent. */
export function ancestorsOf(key: string): string[] {
  const ancestors = [""];
  for (let slash = key.indexOf("/", 1); slash !== -1; slash = key.indexOf("/", slash + 1)) ancestors.push(key.slice(0, slash));
  if (key !== "") ancestors.push(key);
  return ancestors;
}

function add(index: Map<string, Set<RoleAssignment>>, key: string, a: RoleAssignment): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(a);
}

function remove(index: Map<string, Set<RoleAssignment>>, key: string, a: RoleAssignment): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(a);
  if (set.size === 0) index.delete(key);
}
