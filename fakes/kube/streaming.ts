/**
 * A response whose body streams as its source enqueues (watch streams, `follow=true` logs). Its
 * status and headers reach the client at once, before the first chunk, as the API server and the
 * kubelet flush them (and as listen() does): a client that waits for the response before it moves
 * the fake's clock must get it while the stream has nothing to send yet.
 *
 * Under msw 2 fetch gets this Response as it is, so its head is there at once. Under msw 3
 * (@mswjs/interceptors 0.45, `respondWith` of its Node HTTP request source) fetch goes through a
 * mocked socket, and the head is written with Node's `ServerResponse.writeHead`, which only stores it:
 * Node sends a stored head with the first body write, and msw 3 writes the body only as it reads
 * chunks from the stream (it never calls `flushHeaders()`), so `fetch()` stays pending until the
 * first chunk. An empty first chunk makes that first write without adding a byte: Node writes no
 * chunk frame for it, and a stream reader (msw 2's client, listen()'s writer) reads it as nothing.
 */
export function streamingResponse(source: UnderlyingDefaultSource<Uint8Array>, init: ResponseInit): Response {
  const body = new ReadableStream<Uint8Array>({
    ...source,
    start(controller) {
      controller.enqueue(new Uint8Array(0));
      return source.start?.(controller);
    },
  });
  return new Response(body, init);
}
