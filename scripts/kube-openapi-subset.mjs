#!/usr/bin/env node
/**
 * Writes fakes/kube/openapi/swagger.json: the upstream Kubernetes OpenAPI (v2) specification, cut
 * down to the kinds the fake API server serves, their paths and every definition they reach.
 *
 * Source: `lib/specs/swagger-<version>.json.gz` of the npm package `kubernetes-client` (it vendors
 * the Kubernetes project's own api/openapi-spec/swagger.json), fetched with `npm pack`, so nothing
 * here is typed by hand. Run: `node scripts/kube-openapi-subset.mjs`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const PACKAGE = "kubernetes-client@9.0.0";
const SPEC_FILE = "package/lib/specs/swagger-1.13.json.gz";
const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), "..", "fakes", "kube", "openapi", "swagger.json");

/** The kinds the fake serves: group-version path prefix, plural, and the definition of the kind. */
const SERVED = [
  { prefix: "/api/v1", plural: "namespaces", definition: "io.k8s.api.core.v1.Namespace", namespaced: false },
  { prefix: "/api/v1", plural: "pods", definition: "io.k8s.api.core.v1.Pod" },
  { prefix: "/api/v1", plural: "events", definition: "io.k8s.api.core.v1.Event" },
  { prefix: "/api/v1", plural: "secrets", definition: "io.k8s.api.core.v1.Secret" },
  { prefix: "/api/v1", plural: "serviceaccounts", definition: "io.k8s.api.core.v1.ServiceAccount" },
  { prefix: "/apis/apps/v1", plural: "deployments", definition: "io.k8s.api.apps.v1.Deployment" },
  { prefix: "/apis/apps/v1", plural: "replicasets", definition: "io.k8s.api.apps.v1.ReplicaSet" },
];

/** Subresources the fake answers (others, e.g. exec, portforward, proxy, binding, are left out). */
const SUBRESOURCES = new Set(["", "status", "log", "scale", "attach"]);

function servedPath(path) {
  for (const kind of SERVED) {
    const namespaced = kind.namespaced !== false;
    const collection = namespaced ? `${kind.prefix}/namespaces/{namespace}/${kind.plural}` : `${kind.prefix}/${kind.plural}`;
    if (path === collection || (namespaced && path === `${kind.prefix}/${kind.plural}`)) return true;
    const item = new RegExp(`^${collection.replace(/[{}]/g, "\\$&")}/\\{name\\}(?:/([a-z]+))?$`).exec(path);
    if (item && SUBRESOURCES.has(item[1] ?? "")) return true;
  }
  return false;
}

function refsIn(value, found) {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string") found.add(item.replace("#/definitions/", ""));
      else refsIn(item, found);
    }
  }
  return found;
}

const work = mkdtempSync(join(tmpdir(), "kube-openapi-"));
try {
  execFileSync("npm", ["pack", PACKAGE, "--silent", "--pack-destination", work], { stdio: ["ignore", "ignore", "inherit"] });
  const tarball = execFileSync("sh", ["-c", "ls *.tgz"], { cwd: work, encoding: "utf8" }).trim();
  execFileSync("tar", ["xzf", tarball, SPEC_FILE], { cwd: work });
  const spec = JSON.parse(gunzipSync(readFileSync(join(work, SPEC_FILE))).toString("utf8"));
  const paths = Object.fromEntries(Object.entries(spec.paths).filter(([path]) => servedPath(path)));
  const wanted = refsIn(paths, new Set(SERVED.map((kind) => kind.definition)));
  // Lists of every kind, and what watches and deletes answer, are part of the served surface too.
  for (const kind of SERVED) wanted.add(`${kind.definition}List`);
  for (const extra of ["io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", "io.k8s.apimachinery.pkg.apis.meta.v1.Status", "io.k8s.api.autoscaling.v1.Scale"]) wanted.add(extra);
  const definitions = {};
  for (const queue = [...wanted]; queue.length > 0; ) {
    const name = queue.pop();
    if (definitions[name]) continue;
    const definition = spec.definitions[name];
    if (!definition) throw new Error(`the spec has no definition ${name}`);
    definitions[name] = definition;
    for (const ref of refsIn(definition, new Set())) if (!definitions[ref]) queue.push(ref);
  }
  const sorted = Object.fromEntries(Object.keys(definitions).sort().map((name) => [name, definitions[name]]));
  const subset = { swagger: spec.swagger, info: spec.info, paths, definitions: sorted, securityDefinitions: spec.securityDefinitions, security: spec.security };
  writeFileSync(OUTPUT, `${JSON.stringify(subset, null, 1)}\n`);
  console.log(`wrote ${OUTPUT}: ${Object.keys(paths).length} paths, ${Object.keys(sorted).length} definitions (Kubernetes ${spec.info.version})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
