import type { AppsV1Api, CoreV1Api, V1Deployment, V1Pod } from "@kubernetes/client-node";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeAzure } from "../../fakes/index.js";

const k8s = await import("@kubernetes/client-node");
const azure = createFakeAzure();
const server = setupServer(...azure.handlers);
const START = Date.parse("2025-06-01T10:00:00Z");
let now = START;
let apps: AppsV1Api;
let core: CoreV1Api;
let kubelet: string;

const SAFE = "[bcdfghjklmnpqrstvwxz2456789]";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(async () => {
  azure.reset();
  now = START;
  azure.world.now = () => now;
  const cluster = azure.seed.cluster({ resourceGroup: "rg", name: "aks" }) as { id: string; properties: { identityProfile: { kubeletidentity: { objectId: string } } } };
  kubelet = cluster.properties.identityProfile.kubeletidentity.objectId;
  azure.seed.registry({ resourceGroup: "rg", name: "myacr", images: ["nginx:v1"] });
  const kubeConfig = await userKubeConfig(cluster.id);
  apps = kubeConfig.makeApiClient(k8s.AppsV1Api);
  core = kubeConfig.makeApiClient(k8s.CoreV1Api);
});
afterEach(() => server.resetHandlers());

async function userKubeConfig(clusterId: string) {
  const token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
  const response = await fetch(`https://management.azure.com${clusterId}/listClusterUserCredential?api-version=2026-04-01`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { kubeconfigs: { name: string; value: string }[] };
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromString(Buffer.from(body.kubeconfigs[0]?.value ?? "", "base64").toString("utf8"));
  return kubeConfig;
}

function deployment(name: string, image: string, replicas = 2): V1Deployment {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image, ports: [{ containerPort: 80 }] }] } },
    },
  };
}

async function podsOf(app: string, namespace = "default"): Promise<V1Pod[]> {
  return (await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items;
}

const waiting = (pod: V1Pod) => pod.status?.containerStatuses?.[0]?.state?.waiting;

const registryScope = () => `/subscriptions/${azure.subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr`;

async function statusOf(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    const { code, body } = error as { code: number; body: string };
    return { code, body: JSON.parse(body) as Record<string, unknown> };
  }
  throw new Error("expected the call to fail");
}

describe("a Deployment of a public image", () => {
  it("runs its replicas as ready pods named and labelled like Kubernetes", async () => {
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("web", "nginx:latest") });
    const pods = await podsOf("web");
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      const hash = pod.metadata?.labels?.["pod-template-hash"] ?? "";
      expect(hash).toMatch(new RegExp(`^${SAFE}{10}$`));
      expect(pod.metadata?.name).toMatch(new RegExp(`^web-${hash}-${SAFE}{5}$`));
      expect(pod.status?.phase).toBe("Running");
      const status = pod.status?.containerStatuses?.[0];
      expect(status?.ready).toBe(true);
      expect(status?.state?.running?.startedAt?.toISOString()).toBe(new Date(START).toISOString());
      expect(status?.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    }
    const read = await apps.readNamespacedDeployment({ namespace: "default", name: "web" });
    expect(read.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 });
    expect(read.metadata?.generation).toBe(1);
    expect(read.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("admits a bare Pod and runs it", async () => {
    const created = await core.createNamespacedPod({ namespace: "default", body: { metadata: { generateName: "probe-" }, spec: { containers: [{ name: "probe", image: "mcr.microsoft.com/azuredocs/aks-helloworld:v1" }] } } });
    expect(created.metadata?.name).toMatch(/^probe-/);
    const read = await core.readNamespacedPod({ namespace: "default", name: created.metadata?.name ?? "" });
    expect(read.status?.phase).toBe("Running");
  });
});

describe("image pulls from a registry", () => {
  const image = "myacr.azurecr.io/nginx:v1";

  it("fail with ErrImagePull and the 401 message when the kubelet identity holds no role, then back off", async () => {
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("web", image) });
    const [pod] = await podsOf("web");
    expect(pod?.status?.phase).toBe("Pending");
    expect(waiting(pod!)?.reason).toBe("ErrImagePull");
    expect(waiting(pod!)?.message).toContain(
      `failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://myacr.azurecr.io/oauth2/token?scope=repository%3Anginx%3Apull&service=myacr.azurecr.io: 401 Unauthorized`,
    );
    now += 10_000;
    const [later] = await podsOf("web");
    expect(waiting(later!)?.reason).toBe("ImagePullBackOff");
    expect(waiting(later!)?.message).toContain(`Back-off pulling image "${image}"`);
    const read = await apps.readNamespacedDeployment({ namespace: "default", name: "web" });
    expect(read.status?.readyReplicas ?? 0).toBe(0);
    expect(read.status?.conditions?.find((c) => c.type === "Available")?.status).toBe("False");
  });

  it("succeed on a retry once AcrPull was granted and the back-off elapsed", async () => {
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("web", image) });
    now += 5_000;
    azure.seed.roleAssignment({ scope: registryScope(), role: "AcrPull", principalId: kubelet });
    expect(waiting((await podsOf("web"))[0]!)?.reason).toBe("ErrImagePull");
    now += 5_000;
    const pods = await podsOf("web");
    expect(pods.map((p) => p.status?.phase)).toEqual(["Running", "Running"]);
    expect(pods[0]?.status?.containerStatuses?.[0]?.state?.running?.startedAt?.toISOString()).toBe(new Date(START + 10_000).toISOString());
  });

  it("wait for role propagation before a new assignment lets a pull through", async () => {
    azure.knobs.rolePropagationMs = 60_000;
    azure.seed.roleAssignment({ scope: registryScope(), role: "AcrPull", principalId: kubelet });
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("web", image, 1) });
    expect(waiting((await podsOf("web"))[0]!)?.reason).toBe("ErrImagePull");
    now += 10_000 + 20_000 + 40_000;
    expect((await podsOf("web"))[0]?.status?.phase).toBe("Running");
  });

  it("report a missing tag with containerd's not-found message", async () => {
    azure.seed.roleAssignment({ scope: registryScope(), role: "AcrPull", principalId: kubelet });
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("web", "myacr.azurecr.io/nginx:v2", 1) });
    expect(waiting((await podsOf("web"))[0]!)?.message).toContain(
      'failed to pull and unpack image "myacr.azurecr.io/nginx:v2": failed to resolve reference "myacr.azurecr.io/nginx:v2": myacr.azurecr.io/nginx:v2: not found',
    );
  });

  it("keep running pods after a detach while a replacement pod fails to pull", async () => {
    const assignment = azure.seed.roleAssignment({ scope: registryScope(), role: "AcrPull", principalId: kubelet }) as { name: string };
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("web", image, 1) });
    const [running] = await podsOf("web");
    expect(running?.status?.phase).toBe("Running");
    azure.world.roleAssignments.delete(assignment.name.toLowerCase());
    now += 60_000;
    expect((await podsOf("web"))[0]?.status?.phase).toBe("Running");
    await core.deleteNamespacedPod({ namespace: "default", name: running?.metadata?.name ?? "" });
    const [replacement] = await podsOf("web");
    expect(replacement?.metadata?.name).not.toBe(running?.metadata?.name);
    expect(waiting(replacement!)?.message).toContain("401 Unauthorized");
  });

  it("ignore AcrPull on an ABAC registry but honour Container Registry Repository Reader", async () => {
    azure.seed.registry({ resourceGroup: "rg", name: "abacacr", roleAssignmentMode: "AbacRepositoryPermissions", images: ["nginx:v1"] });
    const scope = registryScope().replace(/myacr$/, "abacacr");
    azure.seed.roleAssignment({ scope, role: "AcrPull", principalId: kubelet });
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("abac", "abacacr.azurecr.io/nginx:v1", 1) });
    expect(waiting((await podsOf("abac"))[0]!)?.message).toContain("401 Unauthorized");
    azure.seed.roleAssignment({ scope, role: "b93aa761-3e63-49ed-ac28-beffa264f7ac", principalId: kubelet });
    now += 10_000;
    expect((await podsOf("abac"))[0]?.status?.phase).toBe("Running");
  });
});

describe("the Deployment API", () => {
  it("scales with a strategic merge patch and rolls a new template out with a merge patch", async () => {
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("web", "nginx:latest") });
    const before = (await podsOf("web")).map((p) => p.metadata?.name);
    await apps.patchNamespacedDeployment({ namespace: "default", name: "web", body: { spec: { replicas: 3 } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch));
    expect(await podsOf("web")).toHaveLength(3);
    const patched = await apps.patchNamespacedDeployment(
      { namespace: "default", name: "web", body: { spec: { template: { spec: { containers: [{ name: "main", image: "nginx:1.27" }] } } } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch),
    );
    expect(patched.metadata?.generation).toBe(3);
    expect(patched.spec?.template.spec?.containers[0]?.ports?.[0]?.containerPort).toBe(80);
    const after = await podsOf("web");
    expect(after.map((p) => p.spec?.containers[0]?.image)).toEqual(["nginx:1.27", "nginx:1.27", "nginx:1.27"]);
    expect(after.some((p) => before.includes(p.metadata?.name))).toBe(false);
    await apps.patchNamespacedDeployment({ namespace: "default", name: "web", body: { metadata: { labels: { tier: "front" } } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
    await apps.patchNamespacedDeployment({ namespace: "default", name: "web", body: [{ op: "replace", path: "/spec/replicas", value: 1 }] }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.JsonPatch));
    const read = await apps.readNamespacedDeployment({ namespace: "default", name: "web" });
    expect(read.metadata?.labels).toEqual({ tier: "front" });
    expect(await podsOf("web")).toHaveLength(1);
  });

  it("replaces with PUT and refuses a stale resourceVersion with a Conflict Status", async () => {
    const created = await apps.createNamespacedDeployment({ namespace: "default", body: deployment("web", "nginx:latest") });
    const body = { ...created, spec: { ...created.spec!, replicas: 4 } };
    const replaced = await apps.replaceNamespacedDeployment({ namespace: "default", name: "web", body });
    expect(replaced.spec?.replicas).toBe(4);
    expect(await podsOf("web")).toHaveLength(4);
    const stale = await statusOf(apps.replaceNamespacedDeployment({ namespace: "default", name: "web", body }));
    expect(stale.code).toBe(409);
    expect(stale.body).toMatchObject({ kind: "Status", reason: "Conflict" });
  });

  it("lists by label selector in one namespace and across all, and deletes with the pods", async () => {
    await core.createNamespace({ body: { metadata: { name: "team" } } });
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("web", "nginx:latest") });
    await apps.createNamespacedDeployment({ namespace: "team", body: deployment("api", "nginx:latest", 1) });
    expect((await apps.listDeploymentForAllNamespaces()).items.map((d) => d.metadata?.name)).toEqual(["web", "api"]);
    expect((await core.listPodForAllNamespaces({ labelSelector: "app in (api,web)" })).items).toHaveLength(3);
    expect((await core.listPodForAllNamespaces({ labelSelector: "app=api,pod-template-hash" })).items).toHaveLength(1);
    expect((await core.listNamespacedPod({ namespace: "team", labelSelector: "app!=api" })).items).toHaveLength(0);
    await apps.deleteNamespacedDeployment({ namespace: "default", name: "web" });
    expect(await podsOf("web")).toHaveLength(0);
    expect((await apps.listNamespacedDeployment({ namespace: "default" })).items).toHaveLength(0);
  });

  it("answers NotFound and AlreadyExists as Kubernetes Status objects", async () => {
    const missing = await statusOf(apps.readNamespacedDeployment({ namespace: "default", name: "x" }));
    expect(missing).toEqual({
      code: 404,
      body: expect.objectContaining({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404, message: 'deployments.apps "x" not found' }),
    });
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("web", "nginx:latest") });
    const duplicate = await statusOf(apps.createNamespacedDeployment({ namespace: "default", body: deployment("web", "nginx:latest") }));
    expect(duplicate.body).toMatchObject({ kind: "Status", reason: "AlreadyExists", code: 409, message: 'deployments.apps "web" already exists' });
    const pod = await statusOf(core.readNamespacedPod({ namespace: "default", name: "nope" }));
    expect(pod.body).toMatchObject({ reason: "NotFound", message: 'pods "nope" not found' });
  });

  it("rejects a Deployment whose selector does not match its template as Invalid", async () => {
    const body = deployment("web", "nginx:latest");
    body.spec!.selector = { matchLabels: { app: "other" } };
    const invalid = await statusOf(apps.createNamespacedDeployment({ namespace: "default", body }));
    expect(invalid.code).toBe(422);
    expect(invalid.body["message"]).toContain("`selector` does not match template `labels`");
  });
});

describe("the API server's authentication", () => {
  it("refuses a request without a token issued by listClusterUserCredential", async () => {
    const fqdn = azure.state.clusters()[0]?.fqdn ?? "";
    const anonymous = await fetch(`https://${fqdn}/api/v1/namespaces`);
    expect(anonymous.status).toBe(401);
    const forged = await fetch(`https://${fqdn}/api/v1/namespaces`, { headers: { authorization: "Bearer forged" } });
    expect(forged.status).toBe(401);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(["default", "kube-system"]));
  });
});
