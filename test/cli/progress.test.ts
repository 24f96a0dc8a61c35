import { describe, expect, it } from "vitest";
import { createReporter } from "../../src/cli/progress.js";

function stream(isTTY: boolean): { write(text: string): void; isTTY: boolean; text: string } {
  return {
    isTTY,
    text: "",
    write(text) {
      this.text += text;
    },
  };
}

/** A clock that moves only when told. */
function clock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe("step lines and progress", () => {
  it("prints plain progress lines and a ✓ line with the duration when not on a terminal", async () => {
    const out = stream(false);
    const time = clock();
    const reporter = createReporter(out, time.now);

    const result = await reporter.step(
      "Create registry x",
      async (onProgress) => {
        onProgress({ operation: "create", stage: "started", status: "Creating", elapsedMs: 0 });
        time.advance(2000);
        onProgress({ operation: "create", stage: "polling", status: "InProgress", poll: 1, elapsedMs: 2000 });
        onProgress({ operation: "create", stage: "succeeded", status: "Succeeded", poll: 2, elapsedMs: 2000 });
        time.advance(1500);
        return 42;
      },
      (n) => `answer ${n}`,
    );

    expect(result).toBe(42);
    expect(out.text).toBe(
      [
        "  … Create registry x: started, Creating (0 ms)",
        "  … Create registry x: polling, InProgress (poll 1, 2.0 s)",
        "✓ Create registry x: answer 42 (3.5 s)",
        "",
      ].join("\n"),
    );
    expect(out.text).not.toContain("\r");
  });

  it("keeps one updating line on a terminal, cleared before the ✓ line and before printed text", async () => {
    const out = stream(true);
    const time = clock();
    const reporter = createReporter(out, time.now);

    await reporter.step("Import nginx", async (onProgress) => {
      time.advance(300);
      onProgress({ operation: "import", stage: "polling", status: "Accepted", poll: 1, elapsedMs: 300 });
    });
    reporter.print("done");

    const clear = "\r\x1b[2K";
    expect(out.text).toBe(
      `${clear}  … Import nginx: started (0 ms)${clear}  … Import nginx: polling, Accepted (poll 1, 300 ms)${clear}✓ Import nginx (300 ms)\ndone\n`,
    );
    expect(out.text.split("\n")).toHaveLength(3);
  });

  it("prints ✗ with the duration and rethrows when the step fails", async () => {
    const out = stream(false);
    const time = clock();
    const failure = new Error("no");

    const thrown = await createReporter(out, time.now)
      .step("Deploy web", async () => {
        time.advance(61_000);
        throw failure;
      })
      .catch((error: unknown) => error);

    expect(thrown).toBe(failure);
    expect(out.text).toBe("✗ Deploy web (1 min 01 s)\n");
  });
});

describe("progress on a narrow terminal", () => {
  it("cuts the updating line to the terminal's width so that it never wraps", async () => {
    const out = { ...stream(true), columns: 20 };
    await createReporter(out, clock().now).step("Create a registry with a long name", async () => undefined);
    const progressLine = out.text.split("\r\x1b[2K")[1] ?? "";
    expect(progressLine).toBe("  … Create a regist");
    expect(out.text).toContain("✓ Create a registry with a long name (0 ms)\n");
  });
});
