import { describe, expect, it, vi } from "vitest";
import type { Harness } from "./harness.js";

/** A route the fake does not model fails loudly through an official client, never as "not found". */
export function unmodelledConformance(get: () => Harness): void {
  describe("routes the fake does not model", () => {
    it("surface through the official client as 501 FakeAzureRouteNotModelled, not as a 404 a get-or-create would take for absence", async () => {
      const { azure, clients } = get();
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
      const attempt = clients.aks.maintenanceConfigurations.get("rg", "aks", "default");
      const error = await attempt.then(
        () => undefined,
        (reason: unknown) => reason as { statusCode?: number; code?: string; message: string },
      );
      warn.mockRestore();
      expect(error?.statusCode).toBe(501);
      expect(error?.code).toBe("FakeAzureRouteNotModelled");
      expect(error?.message).toContain("GET /subscriptions/");
      expect(error?.message).toContain("/maintenanceConfigurations/default");
      expect(error?.message).toContain("Microsoft.ContainerService MaintenanceConfigurations_Get");
      expect(azure.requests.filter((r) => r.unmodelled).map((r) => [r.method, r.status, r.operation])).toEqual([["GET", 501, "Unknown"]]);
    });
  });
}
