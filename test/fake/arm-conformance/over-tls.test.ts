import { afterEach, expect } from "vitest";
import { accessConformance } from "./access.js";
import { clusterConformance } from "./clusters.js";
import { overTlsHarness } from "./harness.js";
import { registryConformance } from "./registries.js";
import { specViolations } from "./specConformance.js";
import { unmodelledConformance } from "./unmodelled.js";

// The same suites as in-process.test.ts, with the clients reaching the fake over `listen({ tls })`.
const harness = overTlsHarness();

afterEach(() => {
  const { captured, azure } = harness();
  expect(captured.length).toBeGreaterThan(0);
  expect(captured.every((answer) => answer.url.startsWith("https://127.0.0.1:"))).toBe(true);
  expect(specViolations(captured, azure.requests).lines).toEqual([]);
});

clusterConformance(harness);
registryConformance(harness);
accessConformance(harness);
unmodelledConformance(harness);
