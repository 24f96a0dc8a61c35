import type { Bench, Pair } from "./harness.js";
import type { OperationName } from "./azReference.js";

/** One library call measured per run: `prepare` sets the world up, `run` is what gets counted and timed. */
export interface Operation {
  name: OperationName;
  label: string;
  prepare?(bench: Bench, pair: Pair): Promise<unknown>;
  run(bench: Bench, pair: Pair): Promise<unknown>;
}

const link = (bench: Bench, pair: Pair) => bench.client.integration(pair.cluster);

export const OPERATIONS: readonly Operation[] = [
  { name: "attachById", label: "attach by resource id", run: (b, p) => link(b, p).attach(p.registryId) },
  { name: "attachByName", label: "attach by name", run: (b, p) => link(b, p).attach(p.registryName) },
  { name: "attachByLoginServer", label: "attach by login server", run: (b, p) => link(b, p).attach(p.loginServer) },
  {
    name: "reattach",
    label: "re-attach by resource id (already attached)",
    prepare: (b, p) => link(b, p).attach(p.registryId),
    run: (b, p) => link(b, p).attach(p.registryId),
  },
  {
    name: "detach",
    label: "detach by resource id",
    prepare: (b, p) => link(b, p).attach(p.registryId),
    run: (b, p) => link(b, p).detach(p.registryId),
  },
  {
    name: "importByName",
    label: "import docker.io/library/nginx:latest by registry name",
    run: (b, p) => b.client.registry(p.registryName).import("docker.io/library/nginx:latest", { tags: ["nginx:latest"] }),
  },
  {
    name: "importById",
    label: "import docker.io/library/nginx:latest by registry id",
    run: (b, p) => b.client.registry(p.registryId).import("docker.io/library/nginx:latest", { tags: ["nginx:latest"] }),
  },
  { name: "credentials", label: "get credentials", run: (b, p) => b.client.cluster(p.cluster).credentials() },
  {
    name: "check",
    label: "check (image nginx:v1, no probe pod)",
    prepare: (b, p) => link(b, p).attach(p.registryId),
    run: (b, p) => link(b, p).check(p.registryId, { image: "nginx:v1" }),
  },
];
