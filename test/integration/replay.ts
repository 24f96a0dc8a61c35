import { readFileSync } from "node:fs";
import type { TokenCredential } from "@azure/core-auth";
import { http, HttpResponse } from "msw";

const RECORDINGS = new URL("../../../shared/arm-recordings/", import.meta.url);

/** The response half of a recorded exchange. */
export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function recording(file: string): { request: { method: string; uri: string; body: unknown }; response: RecordedResponse } {
  return JSON.parse(readFileSync(new URL(file, RECORDINGS), "utf8")) as ReturnType<typeof recording>;
}

/** A request the replay server saw. */
export interface Seen {
  method: string;
  url: URL;
  body: unknown;
  /** `Date.now()` when it arrived (the fake clock under fake timers). */
  at: number;
}

/** One scripted answer: the first rule whose method and path match answers; `times` answers are used up in order. */
export interface Rule {
  method: string;
  path: RegExp;
  answers: RecordedResponse[];
}

/**
 * msw handlers that answer ARM and Graph from recorded responses, in order, and fail loudly on
 * anything unscripted. `seen` lists the requests in arrival order.
 */
export function replayServer(rules: Rule[]): { handlers: ReturnType<typeof http.all>[]; seen: Seen[] } {
  const seen: Seen[] = [];
  const handler = http.all(/^https:\/\/(management\.azure\.com|graph\.microsoft\.com)\//, async ({ request }) => {
    const url = new URL(request.url);
    const text = await request.text();
    seen.push({ method: request.method, url, body: text ? (JSON.parse(text) as unknown) : undefined, at: Date.now() });
    const rule = rules.find((r) => r.method === request.method && r.path.test(decodeURIComponent(url.pathname)) && r.answers.length > 0);
    const answer = rule?.answers.length === 1 ? rule.answers[0] : rule?.answers.shift();
    if (!answer) return HttpResponse.json({ error: { code: "Unscripted", message: `${request.method} ${url.pathname}` } }, { status: 599 });
    const headers = { "content-type": "application/json", "x-ms-request-id": `replay-${seen.length}` };
    return answer.body === null || answer.body === ""
      ? new HttpResponse(null, { status: answer.status, headers })
      : HttpResponse.json(answer.body as object, { status: answer.status, headers });
  });
  return { handlers: [handler], seen };
}

/** A credential that hands out a fixed fake token (the replay server does not check it). */
export const staticCredential: TokenCredential = {
  getToken: async () => ({ token: "replay-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
};
