import { afterEach, expect } from "vitest";
import { accessConformance } from "./access.js";
import { clusterConformance } from "./clusters.js";
import { inProcessHarness } from "./harness.js";
import { registryConformance } from "./registries.js";
import { specViolations } from "./specConformance.js";
import { unmodelledConformance } from "./unmodelled.js";

// The official clients against the fake in-process (msw); over-tls.test.ts runs the same suites over https.
const harness = inProcessHarness();

afterEach(() => {
  const { captured, azure } = harness();
  expect(specViolations(captured, azure.requests).lines).toEqual([]);
});

clusterConformance(harness);
registryConformance(harness);
accessConformance(harness);
unmodelledConformance(harness);
