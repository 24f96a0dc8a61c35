/**
 * `pods/<name>/attach` over the protocol kubectl v1.30+ speaks by default: a WebSocket with the
 * subprotocol `v5.channel.k8s.io` (or `v4.channel.k8s.io`). Every binary message starts with its
 * channel: 0 stdin, 1 stdout, 2 stderr, 3 the final `Status` (JSON), 4 terminal resize; in v5 a
 * message `[255, n]` closes channel n. kubectl falls back to SPDY only when the WebSocket upgrade
 * itself fails, so the fake answers WebSockets alone.
 *
 * Before upgrading, the pod is read through the fake's own dispatcher with the caller's headers,
 * so authentication, fault rules and not-found answers are exactly those of `GET pods/<name>`.
 */
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Dispatch } from "../http/dispatch.js";
import type { World } from "../world/world.js";
import { canipullOutput, startCanipull, type CanipullRun } from "./canipull.js";
import { containersOf, isRecord, type KubeObject } from "./objects.js";
import { findTarget } from "./server.js";
import { statusFailure } from "./status.js";
import { kubeOf } from "./store.js";

/** Subprotocols served, in the order the fake prefers them. */
export const ATTACH_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io"] as const;

const CHANNEL = { stdout: 1, stderr: 2, error: 3, close: 255 } as const;
const ATTACH_PATH = /^(?<prefix>\/clusters\/[^/]+)?\/api\/v1\/namespaces\/(?<namespace>[^/]+)\/pods\/(?<pod>[^/]+)\/attach$/;

export interface AttachUpgrade {
  fake: { dispatch: Dispatch; world: World };
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  /** The request's path, `//` runs collapsed. */
  path: string;
  /** The server's origin (`https://127.0.0.1:PORT`). */
  origin: string;
}

const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offered) => chooseProtocol([...offered]) ?? false });

/** Takes an upgrade request that names a pod's attach subresource; false for any other path. */
export function serveAttachUpgrade(upgrade: AttachUpgrade): boolean {
  const match = ATTACH_PATH.exec(upgrade.path);
  if (!match?.groups) return false;
  void attach(upgrade, match.groups as { prefix?: string; namespace: string; pod: string }).catch((error: unknown) => {
    void refuse(upgrade.socket, statusFailure(500, "InternalError", `the fake API server failed to attach: ${(error as Error).message}`));
  });
  return true;
}

async function attach(upgrade: AttachUpgrade, target: { prefix?: string; namespace: string; pod: string }): Promise<void> {
  const { req, socket, fake, origin } = upgrade;
  const query = new URL(req.url ?? "/", "http://loopback").searchParams;
  if ((req.headers.upgrade ?? "").toLowerCase() !== "websocket") {
    return refuse(socket, statusFailure(400, "BadRequest", `the fake API server attaches over WebSockets (${ATTACH_PROTOCOLS.join(", ")}), not '${req.headers.upgrade ?? ""}'`));
  }
  const offered = (req.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  if (!chooseProtocol(offered)) {
    return refuse(socket, statusFailure(400, "BadRequest", `unable to upgrade: none of the offered subprotocols [${offered.join(", ")}] is served; the fake API server serves ${ATTACH_PROTOCOLS.join(", ")}`));
  }
  const streams = { stdin: query.get("stdin") === "true", stdout: query.get("stdout") === "true", stderr: query.get("stderr") === "true" };
  if (!streams.stdin && !streams.stdout && !streams.stderr) return refuse(socket, statusFailure(400, "BadRequest", "you must specify at least 1 of stdin, stdout, stderr"));

  const podPath = `${target.prefix ?? ""}/api/v1/namespaces/${target.namespace}/pods/${target.pod}`;
  const headers = new Headers();
  for (const name of ["authorization", "user-agent"]) if (typeof req.headers[name] === "string") headers.set(name, req.headers[name]);
  const read = await fake.dispatch(new Request(`${origin}${podPath}`, { headers }), { host: "cluster", origin });
  if (read.status !== 200) return refuse(socket, read);
  const pod = (await read.json()) as KubeObject;
  const phase = pod.status?.["phase"];
  if (phase === "Succeeded" || phase === "Failed") return refuse(socket, statusFailure(400, "BadRequest", `cannot attach a container in a completed pod; current phase is ${String(phase)}`));
  const containers = containersOf(pod);
  const name = query.get("container") ?? containers[0]?.name ?? "";
  if (!containers.some((c) => c.name === name)) return refuse(socket, statusFailure(400, "BadRequest", `container ${name} is not valid for pod ${target.pod}`));
  if (!isRunning(pod, name)) return refuse(socket, statusFailure(400, "BadRequest", `container ${name} in pod ${target.pod} is not running, so it cannot be attached to`));

  const found = findTarget(fake.world, new URL(`${origin}${podPath}`));
  if (!found || found instanceof Response) return refuse(socket, found ?? statusFailure(404, "NotFound", "the fake Azure holds no cluster for this request"));
  const store = kubeOf(fake.world, found.cluster);
  sockets.handleUpgrade(req, socket, upgrade.head, (ws) => session(ws, { pod, container: name, stdout: streams.stdout || streams.stderr, run: () => startCanipull(store, pod, name) }));
}

interface Session {
  pod: KubeObject;
  container: string;
  /** Whether the client reads the container's output (a TTY container has one merged stream). */
  stdout: boolean;
  /** Runs the container's program if it is one the fake models (canipull); undefined for others. */
  run: () => CanipullRun | undefined;
}

/**
 * A modelled program (canipull) runs when attached: its output goes to the client, then the final
 * Status, then the socket closes. Other containers print nothing new, so the session stays open
 * until the client detaches (Ctrl-C) or the server closes.
 */
function session(ws: WebSocket, attached: Session): void {
  ws.on("message", () => undefined);
  ws.on("error", () => ws.terminate());
  const run = attached.run();
  if (!run) return;
  const output = canipullOutput(run);
  if (attached.stdout && output) ws.send(frame(CHANNEL.stdout, Buffer.from(output, "utf8")));
  // The kubelet reports Success for an attach that ended because the container exited; kubectl
  // then reads the exit code from the pod's status.
  ws.send(frame(CHANNEL.error, Buffer.from(JSON.stringify({ metadata: {}, status: "Success" }))));
  ws.close(1000);
}

function chooseProtocol(offered: string[]): string | undefined {
  return ATTACH_PROTOCOLS.find((protocol) => offered.includes(protocol));
}

function frame(channel: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), data]);
}

function isRunning(pod: KubeObject, container: string): boolean {
  const statuses = Array.isArray(pod.status?.["containerStatuses"]) ? pod.status["containerStatuses"].filter(isRecord) : [];
  const state = statuses.find((s) => s["name"] === container)?.["state"];
  return isRecord(state) && isRecord(state["running"]);
}

/** Writes a refusal (a Kubernetes Status) as a plain HTTP answer on the not-yet-upgraded socket. */
async function refuse(socket: Duplex, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const head = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? "Error"}`, `content-type: ${response.headers.get("content-type") ?? "application/json"}`, `content-length: ${body.length}`, "connection: close"];
  socket.end(Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`), body]));
}
