import { it, expect } from "vitest";
import { createFakeAzure } from "aks-acr/fakes";
it("inner", () => { expect(createFakeAzure().subscriptionId).toMatch(/-/); });
