/**
 * `GET …/pods/<name>/log`: what the container printed since it started. The fake's containers print
 * what the image would at start (nginx's entrypoint and start-up notices; a generic line for other
 * images), stamped at the container's start on the fake clock. Honours `container`, `tailLines`,
 * `timestamps`, `limitBytes` and `follow`.
 */
import { programLines } from "./canipull.js";
import { containersOf, isRecord, type KubeObject } from "./objects.js";
import { badRequest, notFound } from "./status.js";
import type { KubeStore } from "./store.js";
import { streamingResponse } from "./streaming.js";
import { readOne } from "./views.js";

export function podLog(store: KubeStore, namespace: string, name: string, query: URLSearchParams, signal: AbortSignal): Response {
  const pod = readOne(store, { plural: "pods" }, namespace, name);
  if (!pod) return notFound("pods", "", name);
  const containers = containersOf(pod);
  const wanted = query.get("container");
  if (!wanted && containers.length > 1) {
    return badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(" ")}]`);
  }
  const container = wanted ? containers.find((c) => c.name === wanted) : containers[0];
  if (!container) return badRequest(`container ${String(wanted)} is not valid for pod ${name}`);
  const program = programLines(store, pod, container.name);
  const startedAt = startedAtOf(pod, container.name);
  if (!startedAt && !program?.length) return badRequest(`container "${container.name}" in pod "${name}" is waiting to start: trying and failing to pull image`);
  let lines = program ?? linesOf(container.image, Date.parse(startedAt ?? ""));
  const tail = query.get("tailLines");
  if (tail !== null) {
    const count = Number(tail);
    if (!Number.isInteger(count) || count < 0) return badRequest(`invalid value for tailLines: ${tail}`);
    lines = count === 0 ? [] : lines.slice(-count);
  }
  let text = lines.map(({ atMs, text }) => (query.get("timestamps") === "true" ? `${new Date(atMs).toISOString().replace("Z", "000000Z")} ${text}` : text)).join("\n");
  if (text) text += "\n";
  const limit = query.get("limitBytes");
  if (limit !== null && Number(limit) > 0) text = Buffer.from(text).subarray(0, Number(limit)).toString("utf8");
  if (query.get("follow") !== "true") return new Response(text, { status: 200, headers: { "content-type": "text/plain" } });
  return streamingResponse(following(store, pod, text, signal), { status: 200, headers: { "content-type": "text/plain", "transfer-encoding": "chunked" } });
}

/**
 * `follow=true`: what the container printed, then the stream stays open (the fake's containers
 * print nothing more) until the pod is gone or the client leaves, as the kubelet's does.
 */
function following(store: KubeStore, pod: KubeObject, text: string, signal: AbortSignal): UnderlyingDefaultSource<Uint8Array> {
  let stop = (): void => undefined;
  return {
    start(controller) {
      if (text) controller.enqueue(new TextEncoder().encode(text));
      const check = (): void => {
        if (!store.get({ plural: "pods" }, pod.metadata.namespace, pod.metadata.name)) stop();
      };
      stop = () => {
        store.onChange.delete(check);
        signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // Already cancelled by the client.
        }
      };
      store.onChange.add(check);
      signal.addEventListener("abort", stop);
    },
    cancel() {
      stop();
    },
  };
}

function startedAtOf(pod: KubeObject, container: string): string | undefined {
  const statuses = Array.isArray(pod.status?.["containerStatuses"]) ? pod.status["containerStatuses"].filter(isRecord) : [];
  const state = statuses.find((s) => s["name"] === container)?.["state"];
  const running = isRecord(state) && isRecord(state["running"]) ? state["running"]["startedAt"] : undefined;
  return typeof running === "string" ? running : undefined;
}

interface LogLine {
  atMs: number;
  text: string;
}

function linesOf(image: string, startMs: number): LogLine[] {
  const repository = image.split("@")[0]?.split("/").pop()?.split(":")[0] ?? image;
  const at = (offsetMs: number) => startMs + offsetMs;
  if (repository !== "nginx") return [{ atMs: at(0), text: `${image} started` }];
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/T/, " ").replace(/\.\d{3}Z$/, "").replace(/-/g, "/");
  const entrypoint = [
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
  ].map((text) => ({ atMs: at(0), text }));
  const notices = [
    'using the "epoll" event method',
    "nginx/1.27.3",
    "built by gcc 12.2.0 (Debian 12.2.0-14)",
    "OS: Linux 5.15.0-1079-azure",
    "getrlimit(RLIMIT_NOFILE): 1048576:1048576",
    "start worker processes",
    "start worker process 29",
    "start worker process 30",
  ].map((text) => ({ atMs: at(20), text: `${stamp(at(20))} [notice] 1#1: ${text}` }));
  return [...entrypoint, ...notices];
}
