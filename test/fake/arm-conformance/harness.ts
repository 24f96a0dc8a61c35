import { Agent } from "node:https";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createFakeAzure, type FakeAzure, type ListeningFake } from "../../../fakes/index.js";
import { createLoopbackCertificate } from "../../../fakes/tls.js";
import { serveFakeAzure } from "../../helpers/fake-azure.js";
import { type Captured, type OfficialClients, officialClients } from "./clients.js";

/** What every conformance test gets: the fake, the official clients calling it, and what they received. */
export interface Harness {
  readonly azure: FakeAzure;
  readonly clients: OfficialClients;
  /** Every response the clients received in this test. */
  readonly captured: Captured[];
}

/** Resource group "rg" in westeurope, where the suites put their resources. */
function seed(azure: FakeAzure): void {
  azure.seed.resourceGroup({ name: "rg", location: "westeurope" });
}

/** The fake served in-process by msw; the clients use their default endpoint. */
export function inProcessHarness(): () => Harness {
  const served = serveFakeAzure({ lifetime: "file", seed });
  let harness: Harness | undefined;
  beforeEach(() => {
    const captured: Captured[] = [];
    harness = { azure: served.azure, captured, clients: officialClients(served.azure, {}, captured) };
  });
  return () => harness ?? fail();
}

/** The fake served over `listen({ tls })` with a throw-away CA that only these clients trust. */
export function overTlsHarness(): () => Harness {
  const azure = createFakeAzure();
  let listening: ListeningFake | undefined;
  let agent: Agent | undefined;
  let harness: Harness | undefined;
  beforeAll(async () => {
    const certificate = await createLoopbackCertificate();
    listening = await azure.listen({ tls: { cert: certificate.cert, key: certificate.key, ca: certificate.ca } });
    agent = new Agent({ ca: certificate.ca, keepAlive: true });
  });
  beforeEach(() => {
    azure.reset();
    seed(azure);
    const captured: Captured[] = [];
    harness = { azure, captured, clients: officialClients(azure, { endpoint: listening?.url ?? "", ...(agent ? { agent } : {}) }, captured) };
  });
  afterAll(async () => {
    agent?.destroy();
    await listening?.close();
  });
  return () => harness ?? fail();
}

function fail(): never {
  throw new Error("the conformance harness exists only inside a test");
}
