import { describe, expect, it } from "vitest";
import { redactText, redactUrl } from "../../src/arm/redact.js";
import { FAKE_TOKEN } from "./support.js";

describe("redactUrl", () => {
  it("drops signed async-operation and OAuth query values but keeps the rest", () => {
    const url = "https://management.azure.com/op/1?api-version=2025-11-01&t=638&c=MIIH&s=sig1&h=hash&sig=abc&se=2025&sp=r&access_token=tok&client_secret=shh&password=pw";
    const redacted = new URL(redactUrl(url));
    expect(redacted.searchParams.get("api-version")).toBe("2025-11-01");
    for (const key of ["t", "c", "s", "h", "sig", "se", "sp", "access_token", "client_secret", "password"]) {
      expect(redacted.searchParams.get(key)).toBe("REDACTED");
    }
  });
});

describe("redactText", () => {
  it.each([
    [`Authorization: Bearer ${FAKE_TOKEN}`, FAKE_TOKEN],
    [`token was ${FAKE_TOKEN}.`, FAKE_TOKEN],
    ['{"username":"u","password":"p@ss-secret"}', "p@ss-secret"],
    ["users:\n- name: u\n  user:\n    client-key-data: LS0tS0VZ\n    client-certificate-data: LS0tQ0VSVA==\n    token: abc123secret\n", "abc123secret"],
    ["client-key-data: LS0tS0VZ", "LS0tS0VZ"],
  ])("removes the secret from %j", (text, secret) => {
    const redacted = redactText(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain("REDACTED");
  });

  it("leaves ordinary text alone", () => {
    const text = "The role assignment already exists.";
    expect(redactText(text)).toBe(text);
  });
});
