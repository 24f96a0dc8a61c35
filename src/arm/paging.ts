import type { ArmClient, ArmRequest } from "./types.js";

/** One page of an ARM list: its items and, when more follow, the absolute URL of the next page. */
interface Page<T> {
  value?: T[];
  nextLink?: string | null;
}

/**
 * Every item of an ARM list, following `nextLink` as ARM pages it (the link carries its own query
 * and api-version, so only the first request sends `request.query`). A status other than 200 that
 * `request.allowStatus` accepts ends the listing with that status and the items read so far.
 */
export async function listAll<T>(arm: ArmClient, request: ArmRequest): Promise<{ status: number; items: T[] }> {
  const items: T[] = [];
  let next: ArmRequest | undefined = request;
  while (next !== undefined) {
    const page: { status: number; body: Page<T> | undefined } = await arm.send<Page<T>>(next);
    if (page.status !== 200) return { status: page.status, items };
    items.push(...(page.body?.value ?? []));
    const link = page.body?.nextLink;
    next = link ? { ...withoutQuery(request), path: link } : undefined;
  }
  return { status: 200, items };
}

function withoutQuery({ query: _query, ...rest }: ArmRequest): ArmRequest {
  return rest;
}
