import { readdirSync, readFileSync } from "node:fs";
import { createFakeAzure } from "../../../fakes/index.js";
import { type Recorded, differences } from "./compare.js";
import { type Call, REPLAYS, SUBSCRIPTION } from "./seeds.js";

const RECORDINGS = new URL("../../../../shared/arm-recordings/", import.meta.url);

interface Exchange {
  request: { method: string; uri: string; headers: Record<string, string>; body: unknown };
  response: Recorded;
}

/** The exchange files of the recordings (sequence files hold no bodies). */
export const exchanges = readdirSync(RECORDINGS).filter((file) => file.endsWith(".json") && !file.startsWith("sequence-"));

/** Replays one recorded request against a fake seeded for it; returns the differences found. */
export async function replay(file: string): Promise<string[]> {
  const recorded = JSON.parse(readFileSync(new URL(file, RECORDINGS), "utf8")) as Exchange;
  const azure = createFakeAzure({ subscriptionId: SUBSCRIPTION });
  // ARM pages large lists only (the recorded atScope list holds 207 assignments in one page); so does the fake here.
  azure.knobs.pageSize = 1000;
  const token = (await azure.credential().getToken("https://management.azure.com/.default"))?.token ?? "";
  const call: Call = (method, url, body) =>
    azure.dispatch(new Request(url, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, ...(body === undefined || body === null ? {} : { body: JSON.stringify(body) }) }));
  const replayed = REPLAYS[file];
  if (!replayed) throw new Error(`no seeding for recording ${file}: add it to seeds.ts`);
  const url = (await replayed.seed(azure, call)) || recorded.request.uri;
  const response = await call(recorded.request.method, url, recorded.request.body === "" ? undefined : recorded.request.body);
  const text = await response.text();
  return differences(recorded.response, response.status, response.headers, text ? (JSON.parse(text) as unknown) : null);
}

