import { beforeEach, describe, expect, it } from "vitest";
import { PRIVATE_SOURCE_PASSWORD, PRIVATE_SOURCE_USERNAME } from "../../fakes/world/catalogue.js";
import { createRegistryApi } from "../../src/registry/index.js";
import { captureLogs } from "../helpers/captureLogs.js";
import { rejection, useFakeAzure } from "./harness.js";

const h = useFakeAzure();
const lines = captureLogs();

beforeEach(() => {
  h.azure.seed.resourceGroup({ name: "rg" });
  h.azure.seed.registry({ resourceGroup: "rg", name: "myacr" });
});

describe("source registry credentials", () => {
  it("never appear in the logs of a successful import", async () => {
    await createRegistryApi(h.ctx, "myacr").import("private.example.com/team/app:1.0", {
      credentials: { username: PRIVATE_SOURCE_USERNAME, password: PRIVATE_SOURCE_PASSWORD },
    });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes("importImage"))).toBe(true);
    expect(lines.join("\n")).not.toContain(PRIVATE_SOURCE_PASSWORD);
  });

  it("never appear in the logs or the error of a failed import", async () => {
    const password = "not-the-right-one-9f8e7d";
    const error = await rejection(
      createRegistryApi(h.ctx, "myacr").import("private.example.com/team/app:1.0", { credentials: { username: "importer", password } }),
    );
    expect(error.code).toBe("AuthenticationFailed");
    expect(lines.some((l) => l.includes("importImage"))).toBe(true);
    expect(lines.join("\n")).not.toContain(password);
    const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack, cause: String(error.cause) });
    expect(everything).not.toContain(password);
  });
});
