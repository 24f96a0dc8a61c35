/**
 * Response builders shared by every route. The dispatcher adds `x-ms-request-id` to whatever a
 * route returns, so routes never set it themselves.
 */

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** ARM's error envelope: `{"error":{"code","message"}}`. */
export function armError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return json(status, { error: { code, message } }, headers);
}

/** An empty 204. */
export function noContent(headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 204, headers });
}
