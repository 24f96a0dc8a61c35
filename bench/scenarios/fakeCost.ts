import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
} from "@azure/core-rest-pipeline";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { Built } from "../built.js";
import { seedPair } from "../harness.js";
import { summarise, type Sample } from "../stats.js";

export interface PerRequestCost {
  label: string;
  /** Milliseconds per request: each run is a batch of sequential requests, divided by its size. */
  msPerRequest: Sample;
}

export interface FakeCostResult {
  requestsPerRun: number;
  /** Fake ARM ÷ constant handler, per run, for each client. */
  fetchRatio: Sample;
  pipelineRatio: Sample;
  fetchConstant: PerRequestCost;
  fetchFake: PerRequestCost;
  pipelineConstant: PerRequestCost;
  pipelineFake: PerRequestCost;
}

const CONSTANT_URL = "https://constant.bench.invalid/cluster";
const ARM_SCOPE = "https://management.azure.com/.default";

/**
 * Scenario 4a: what one request costs when the fake ARM answers it (GET a managed cluster: token
 * check, routing, rendering, journal) against an msw handler that returns a constant body of the
 * same size, each sent with a bare `fetch` and with a core-rest-pipeline pipeline (bearer policy,
 * as the library sends), all in the same process and the same run, taking turns request by request.
 */
export async function measureFakeCost(built: Built, options: { runs: number; requestsPerRun: number }): Promise<FakeCostResult> {
  const azure = built.fakes.createFakeAzure();
  const pair = seedPair(azure);
  const clusterUrl = `https://management.azure.com${pair.clusterId}?api-version=2026-04-01`;
  const constantBody = JSON.parse(JSON.stringify(azure.seed.cluster({ resourceGroup: "cost-rg", name: "constant-shape" }))) as Record<string, unknown>;
  const server = setupServer(http.get(CONSTANT_URL, () => HttpResponse.json(constantBody)), ...azure.handlers);
  server.listen({ onUnhandledRequest: "error" });
  const credential = azure.credential();
  const token = (await credential.getToken(ARM_SCOPE))?.token ?? "";
  const pipeline = createPipelineFromOptions({});
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: ARM_SCOPE }));
  const httpClient = createDefaultHttpClient();

  const viaFetch = async (url: string): Promise<void> => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`Failed to benchmark GET ${url}: it answered ${response.status}. The fake or the constant handler is not routed.`);
    await response.json();
  };
  const viaPipeline = async (url: string): Promise<void> => {
    const response = await pipeline.sendRequest(httpClient, createPipelineRequest({ url, method: "GET" }));
    if (response.status !== 200) throw new Error(`Failed to benchmark GET ${url}: it answered ${response.status}. The fake or the constant handler is not routed.`);
    JSON.parse(response.bodyAsText ?? "null");
  };
  const cases = {
    fetchConstant: () => viaFetch(CONSTANT_URL),
    fetchFake: () => viaFetch(clusterUrl),
    pipelineConstant: () => viaPipeline(CONSTANT_URL),
    pipelineFake: () => viaPipeline(clusterUrl),
  };
  const names = Object.keys(cases) as Array<keyof typeof cases>;
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<keyof typeof cases, number[]>;
  try {
    // Run -1 warms up the JIT and the token cache and is not recorded. Within a run the cases take
    // turns request by request, so a busy moment on the machine costs them all alike.
    for (let run = -1; run < options.runs; run++) {
      const spent = Object.fromEntries(names.map((name) => [name, 0])) as Record<keyof typeof cases, number>;
      for (let i = 0; i < options.requestsPerRun; i++) {
        for (const name of names) {
          const started = performance.now();
          await cases[name]();
          spent[name] += performance.now() - started;
        }
      }
      azure.clearRequests();
      if (run >= 0) for (const name of names) samples[name].push(spent[name] / options.requestsPerRun);
    }
  } finally {
    server.close();
  }
  const paired = (value: number[], baseline: number[]): Sample => summarise(value.map((v, run) => v / (baseline[run] ?? Number.NaN)));
  return {
    requestsPerRun: options.requestsPerRun,
    fetchRatio: paired(samples.fetchFake, samples.fetchConstant),
    pipelineRatio: paired(samples.pipelineFake, samples.pipelineConstant),
    fetchConstant: { label: "bare fetch → msw handler returning a constant", msPerRequest: summarise(samples.fetchConstant) },
    fetchFake: { label: "bare fetch → fake ARM (GET managed cluster)", msPerRequest: summarise(samples.fetchFake) },
    pipelineConstant: { label: "core-rest-pipeline → msw handler returning a constant", msPerRequest: summarise(samples.pipelineConstant) },
    pipelineFake: { label: "core-rest-pipeline → fake ARM (GET managed cluster)", msPerRequest: summarise(samples.pipelineFake) },
  };
}
