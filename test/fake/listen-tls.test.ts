import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeAzure, createLoopbackCertificate } from "../../fakes/index.js";
import type { ListeningFake } from "../../fakes/index.js";

const certificate = await createLoopbackCertificate();
const azure = createFakeAzure();
let served: ListeningFake | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

function get(url: string, options: { ca?: string; host?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { hostname: options.host ?? target.hostname.replace(/^\[|\]$/g, ""), port: target.port, path: `${target.pathname}${target.search}`, ...(options.ca ? { ca: options.ca } : {}) },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject).end();
  });
}

describe("createLoopbackCertificate()", () => {
  it("makes a CA and a serving certificate it signed, for 127.0.0.1, localhost and ::1", () => {
    const ca = new X509Certificate(certificate.ca);
    const cert = new X509Certificate(certificate.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkIP("::1")).toBeTruthy();
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkHost("evil.example")).toBeUndefined();
    expect(certificate.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("refuses a validity that is not a whole number of days", async () => {
    await expect(createLoopbackCertificate({ validityDays: 0 })).rejects.toThrow(/validityDays/);
  });
});

describe("listen({ tls })", () => {
  it("serves https that Node verifies with the generated CA, on 127.0.0.1 and on ::1 by name", async () => {
    served = await azure.listen({ tls: certificate });
    expect(served.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const metadata = await get(`${served.url}/metadata/endpoints?api-version=2015-01-01`, { ca: certificate.ca });
    expect(metadata.status).toBe(200);
    expect(JSON.parse(metadata.body)).toMatchObject({ galleryEndpoint: `${served.url}/` });
    await served.close();
    served = await azure.listen({ host: "::1", tls: certificate });
    expect((await get(`${served.url}/_fake/health`, { ca: certificate.ca })).status).toBe(200);
  });

  it("is refused by a client that does not trust the CA", async () => {
    served = await azure.listen({ tls: certificate });
    await expect(get(`${served.url}/metadata/endpoints`)).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });

  it("records the CA as world.servingCa while it serves, so kubeconfigs can carry it", async () => {
    served = await azure.listen({ tls: certificate });
    expect(azure.world.servingCa).toBe(certificate.ca);
    await served.close();
    served = undefined;
    expect(azure.world.servingCa).toBeUndefined();
    const selfSigned = await azure.listen({ tls: { cert: certificate.ca, key: certificate.caKey } });
    expect(azure.world.servingCa).toBe(certificate.ca);
    await selfSigned.close();
  });
});

const run = promisify(execFile);
const hasKubectl = await run("kubectl", ["version", "--client"]).then(
  () => true,
  () => false,
);

describe.skipIf(!hasKubectl)("kubectl over listen({ tls })", () => {
  it("verifies the server with the kubeconfig's certificate-authority-data, as downloaded", async () => {
    served = await azure.listen({ tls: certificate });
    azure.reset();
    const cluster = azure.seed.cluster({ resourceGroup: "rg", name: "aks" }) as { id: string };
    const token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
    const answer = await new Promise<string>((resolve, reject) => {
      const url = new URL(`${served?.url ?? ""}${cluster.id}/listClusterUserCredential?api-version=2026-04-01`);
      request(url, { method: "POST", ca: certificate.ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve(body));
      })
        .on("error", reject)
        .end();
    });
    const { kubeconfigs } = JSON.parse(answer) as { kubeconfigs: { value: string }[] };
    const home = mkdtempSync(join(tmpdir(), "aks-acr-tls-kubectl-"));
    try {
      writeFileSync(join(home, "kubeconfig"), Buffer.from(kubeconfigs[0]?.value ?? "", "base64"));
      const { stdout } = await run("kubectl", ["--kubeconfig", join(home, "kubeconfig"), "--cache-dir", join(home, "cache"), "get", "namespaces", "-o", "name"], { env: { PATH: process.env["PATH"] ?? "", HOME: home } });
      expect(stdout).toContain("namespace/default");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
