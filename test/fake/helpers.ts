import type { FakeAzure } from "../../fakes/index.js";

/** Plain-fetch access to a fake's ARM, as a caller holding `principal`'s token (default caller if omitted). */
export function armCaller(azure: FakeAzure, principal?: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> => {
    const token = (await azure.credential(principal).getToken("https://management.azure.com/.default"))?.token ?? "";
    const url = path.startsWith("https://") ? path : `https://management.azure.com${path}${path.includes("?") ? "&" : "?"}api-version=2022-04-01`;
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
}

/** Every item of an ARM list, following `nextLink` page by page (the fake pages every list). */
export function armLister(azure: FakeAzure, principal?: string) {
  const call = armCaller(azure, principal);
  return async (path: string): Promise<any[]> => {
    const items: any[] = [];
    for (let next: string | undefined = path; next; ) {
      const answer = await call("GET", next);
      if (answer.status !== 200) throw new Error(`GET ${next} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      items.push(...(answer.body.value as unknown[]));
      next = answer.body.nextLink as string | undefined;
    }
    return items;
  };
}
