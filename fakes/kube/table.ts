/**
 * `meta.k8s.io/v1 Table` renderings, which kubectl asks for (`Accept: …;as=Table`) to print
 * `kubectl get` output with the server's columns.
 */
import { containersOf, isRecord, replicasOf, type KubeObject } from "./objects.js";

interface Column {
  name: string;
  type: "string" | "integer";
  format?: string;
  priority?: number;
}

const COLUMNS: Record<string, Column[]> = {
  pods: [
    { name: "Name", type: "string", format: "name" },
    { name: "Ready", type: "string" },
    { name: "Status", type: "string" },
    { name: "Restarts", type: "string" },
    { name: "Age", type: "string" },
    { name: "IP", type: "string", priority: 1 },
    { name: "Node", type: "string", priority: 1 },
  ],
  deployments: [
    { name: "Name", type: "string", format: "name" },
    { name: "Ready", type: "string" },
    { name: "Up-to-date", type: "integer" },
    { name: "Available", type: "integer" },
    { name: "Age", type: "string" },
    { name: "Containers", type: "string", priority: 1 },
    { name: "Images", type: "string", priority: 1 },
  ],
  default: [
    { name: "Name", type: "string", format: "name" },
    { name: "Age", type: "string" },
  ],
};

export function wantsTable(accept: string | null): boolean {
  return !!accept && /as=Table/.test(accept);
}

export function toTable(plural: string, objects: KubeObject[], resourceVersion: string, nowMs: number): unknown {
  const columns = COLUMNS[plural] ?? COLUMNS["default"]!;
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? "", description: c.name, priority: c.priority ?? 0 })),
    rows: objects.map((object) => ({
      cells: cells(plural, object, nowMs),
      object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: object.metadata },
    })),
  };
}

function cells(plural: string, object: KubeObject, nowMs: number): unknown[] {
  const age = humanAge(nowMs - Date.parse(object.metadata.creationTimestamp));
  const status = object.status ?? {};
  if (plural === "pods") {
    const statuses = Array.isArray(status["containerStatuses"]) ? status["containerStatuses"].filter(isRecord) : [];
    const ready = statuses.filter((s) => s["ready"] === true).length;
    const waiting = statuses.map((s) => (isRecord(s["state"]) && isRecord(s["state"]["waiting"]) ? s["state"]["waiting"]["reason"] : undefined)).find(Boolean);
    return [object.metadata.name, `${ready}/${statuses.length}`, waiting ?? status["phase"], "0", age, status["podIP"] ?? "<none>", object.spec?.["nodeName"] ?? "<none>"];
  }
  if (plural === "deployments") {
    const containers = containersOf({ ...object, spec: (object.spec?.["template"] as { spec?: Record<string, unknown> } | undefined)?.spec ?? {} });
    return [
      object.metadata.name,
      `${Number(status["readyReplicas"] ?? 0)}/${replicasOf(object)}`,
      Number(status["updatedReplicas"] ?? 0),
      Number(status["availableReplicas"] ?? 0),
      age,
      containers.map((c) => c.name).join(","),
      containers.map((c) => c.image).join(","),
    ];
  }
  return [object.metadata.name, age];
}

/** kubectl's short ages: 45s, 3m12s, 2d4h… */
function humanAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ""}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}
