import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createFakeAzure, type FakeAzure } from "../../fakes/index.js";

/**
 * The fake cluster API in-process (msw), spoken to with plain fetch as kubectl speaks it: the
 * cluster's FQDN and the bearer token of the kubeconfig listClusterUserCredential hands out.
 */

export const START = Date.parse("2025-06-01T10:00:00Z");

export interface KubeApi {
  readonly azure: FakeAzure;
  /** The kubelet identity of cluster "aks". */
  readonly kubelet: string;
  readonly registryId: string;
  advance(ms: number): void;
  call(method: string, path: string, init?: { body?: unknown; contentType?: string; accept?: string; signal?: AbortSignal }): Promise<Response>;
  json<T = Record<string, unknown>>(method: string, path: string, init?: { body?: unknown; contentType?: string; accept?: string }): Promise<{ status: number; body: T }>;
}

export function useKubeApi(): KubeApi {
  const azure = createFakeAzure();
  const server = setupServer(...azure.handlers);
  let now = START;
  let origin = "";
  let token = "";
  let kubelet = "";
  let registryId = "";
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  afterEach(() => server.resetHandlers());
  beforeEach(async () => {
    azure.reset();
    now = START;
    azure.world.now = () => now;
    const cluster = azure.seed.cluster({ resourceGroup: "rg", name: "aks" }) as { id: string; properties: { fqdn: string; identityProfile: { kubeletidentity: { objectId: string } } } };
    kubelet = cluster.properties.identityProfile.kubeletidentity.objectId;
    registryId = (azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] }) as { id: string }).id;
    const arm = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
    const response = await fetch(`https://management.azure.com${cluster.id}/listClusterUserCredential?api-version=2026-04-01`, { method: "POST", headers: { authorization: `Bearer ${arm}` } });
    const yaml = Buffer.from(((await response.json()) as { kubeconfigs: { value: string }[] }).kubeconfigs[0]?.value ?? "", "base64").toString("utf8");
    origin = /server: (\S+)/.exec(yaml)?.[1] ?? "";
    token = /token: (\S+)/.exec(yaml)?.[1] ?? "";
  });

  const call: KubeApi["call"] = (method, path, init = {}) =>
    fetch(`${origin}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.accept ? { accept: init.accept } : {}),
        ...(init.body !== undefined ? { "content-type": init.contentType ?? "application/json" } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  return {
    azure,
    get kubelet() {
      return kubelet;
    },
    get registryId() {
      return registryId;
    },
    advance: (ms) => void (now += ms),
    call,
    async json(method, path, init) {
      const response = await call(method, path, init);
      return { status: response.status, body: (await response.json()) as never };
    },
  };
}

export function deployment(name: string, image: string, replicas = 2): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image }] } },
    },
  };
}

/** Reads newline-delimited watch events off a streaming body, one at a time. */
export function watchEvents(response: Response): { next(): Promise<{ type: string; object: Record<string, unknown> } | undefined> } {
  const reader = (response.body ?? new ReadableStream()).getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  return {
    async next() {
      for (;;) {
        const newline = buffered.indexOf("\n");
        if (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          return JSON.parse(line) as { type: string; object: Record<string, unknown> };
        }
        const { value, done } = await reader.read();
        if (done) return undefined;
        buffered += decoder.decode(value, { stream: true });
      }
    },
  };
}
