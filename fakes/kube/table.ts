/**
 * `meta.k8s.io/v1 Table` renderings, which kubectl asks for (`Accept: …;as=Table`) to print
 * `kubectl get` output with the server's columns (the API server's printers, priority 1 being the
 * `-o wide` ones). A kind without a table of its own gets Name and Age, as the server's default.
 */
import { containersOf, isRecord, replicasOf, type KubeObject } from "./objects.js";

interface Column {
  name: string;
  type: "string" | "integer";
  format?: string;
  priority?: number;
}

interface TableOf {
  columns: Column[];
  cells: (object: KubeObject, nowMs: number) => unknown[];
}

const NAME: Column = { name: "Name", type: "string", format: "name" };
const AGE: Column = { name: "Age", type: "string" };
const WIDE_WORKLOAD: Column[] = [
  { name: "Containers", type: "string", priority: 1 },
  { name: "Images", type: "string", priority: 1 },
  { name: "Selector", type: "string", priority: 1 },
];

/** Tables by resource plural; other kinds (Secrets, ServiceAccounts…) register theirs here. */
export const TABLES: Record<string, TableOf> = {
  pods: {
    columns: [NAME, { name: "Ready", type: "string" }, { name: "Status", type: "string" }, { name: "Restarts", type: "string" }, AGE, { name: "IP", type: "string", priority: 1 }, { name: "Node", type: "string", priority: 1 }, { name: "Nominated Node", type: "string", priority: 1 }, { name: "Readiness Gates", type: "string", priority: 1 }],
    cells: (pod, nowMs) => {
      const status = pod.status ?? {};
      const statuses = Array.isArray(status["containerStatuses"]) ? status["containerStatuses"].filter(isRecord) : [];
      const ready = statuses.filter((s) => s["ready"] === true).length;
      const waiting = statuses.map((s) => (isRecord(s["state"]) && isRecord(s["state"]["waiting"]) ? s["state"]["waiting"]["reason"] : undefined)).find(Boolean);
      const restarts = statuses.reduce((sum, s) => sum + Number(s["restartCount"] ?? 0), 0);
      return [pod.metadata.name, `${ready}/${containersOf(pod).length}`, waiting ?? status["phase"], String(restarts), age(pod, nowMs), status["podIP"] ?? "<none>", pod.spec?.["nodeName"] ?? "<none>", "<none>", "<none>"];
    },
  },
  deployments: {
    columns: [NAME, { name: "Ready", type: "string" }, { name: "Up-to-date", type: "integer" }, { name: "Available", type: "integer" }, AGE, ...WIDE_WORKLOAD],
    cells: (deployment, nowMs) => {
      const status = deployment.status ?? {};
      return [deployment.metadata.name, `${Number(status["readyReplicas"] ?? 0)}/${replicasOf(deployment)}`, Number(status["updatedReplicas"] ?? 0), Number(status["availableReplicas"] ?? 0), age(deployment, nowMs), ...wideWorkload(deployment)];
    },
  },
  replicasets: {
    columns: [NAME, { name: "Desired", type: "integer" }, { name: "Current", type: "integer" }, { name: "Ready", type: "integer" }, AGE, ...WIDE_WORKLOAD],
    cells: (rs, nowMs) => {
      const status = rs.status ?? {};
      return [rs.metadata.name, replicasOf(rs), Number(status["replicas"] ?? 0), Number(status["readyReplicas"] ?? 0), age(rs, nowMs), ...wideWorkload(rs)];
    },
  },
  namespaces: {
    columns: [NAME, { name: "Status", type: "string" }, AGE],
    cells: (ns, nowMs) => [ns.metadata.name, ns.status?.["phase"] ?? "", age(ns, nowMs)],
  },
  events: {
    columns: [
      { name: "Last Seen", type: "string" },
      { name: "Type", type: "string" },
      { name: "Reason", type: "string" },
      { name: "Object", type: "string" },
      { name: "Subobject", type: "string", priority: 1 },
      { name: "Source", type: "string", priority: 1 },
      { name: "Message", type: "string" },
      { name: "First Seen", type: "string", priority: 1 },
      { name: "Count", type: "string", priority: 1 },
      { name: "Name", type: "string", format: "name", priority: 1 },
    ],
    cells: (event, nowMs) => {
      const involved = isRecord(event["involvedObject"]) ? event["involvedObject"] : {};
      const source = isRecord(event["source"]) ? event["source"] : {};
      const since = (at: unknown) => (typeof at === "string" ? humanAge(nowMs - Date.parse(at)) : "<unknown>");
      return [
        since(event["lastTimestamp"]),
        event["type"],
        event["reason"],
        `${String(involved["kind"] ?? "").toLowerCase()}/${String(involved["name"] ?? "")}`,
        involved["fieldPath"] ?? "",
        [source["component"], source["host"]].filter(Boolean).join(", "),
        event["message"],
        since(event["firstTimestamp"]),
        String(event["count"] ?? 1),
        event.metadata.name,
      ];
    },
  },
};

const DEFAULT_TABLE: TableOf = { columns: [NAME, AGE], cells: (object, nowMs) => [object.metadata.name, age(object, nowMs)] };

export function wantsTable(accept: string | null): boolean {
  return !!accept && /as=Table/.test(accept);
}

/** `headers: false` leaves out the column definitions (watch events after the first). */
export function toTable(plural: string, objects: KubeObject[], resourceVersion: string, nowMs: number, options: { headers?: boolean } = {}): unknown {
  const table = TABLES[plural] ?? DEFAULT_TABLE;
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion },
    columnDefinitions: options.headers === false ? null : table.columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? "", description: c.name, priority: c.priority ?? 0 })),
    rows: objects.map((object) => ({
      cells: table.cells(object, nowMs),
      object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: object.metadata },
    })),
  };
}

function wideWorkload(object: KubeObject): string[] {
  const template = isRecord(object.spec?.["template"]) ? object.spec["template"] : {};
  const containers = containersOf({ ...object, spec: isRecord(template["spec"]) ? template["spec"] : {} });
  const selector = isRecord(object.spec?.["selector"]) && isRecord(object.spec["selector"]["matchLabels"]) ? object.spec["selector"]["matchLabels"] : {};
  return [containers.map((c) => c.name).join(","), containers.map((c) => c.image).join(","), Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(",")];
}

function age(object: KubeObject, nowMs: number): string {
  return humanAge(nowMs - Date.parse(object.metadata.creationTimestamp));
}

/** kubectl's short ages (duration.HumanDuration): 45s, 3m12s, 2d4h… */
export function humanAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ""}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return `${hours}h${minutes % 60 ? `${minutes % 60}m` : ""}`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return `${days}d${hours % 24 ? `${hours % 24}h` : ""}`;
  return `${days}d`;
}
