/**
 * `?watch=true` on a list: a stream of newline-delimited watch events, as the API server sends.
 * The stream re-reads what it follows after every write to the cluster and on a short tick of real
 * time (so changes that come from the fake's clock alone, such as an image pull that succeeds on
 * its retry, are seen), and sends ADDED / MODIFIED / DELETED for what differs from what it last
 * sent. An object that changed without a write gets a new resourceVersion, as the kubelet's status
 * update would give it. BOOKMARKs (when asked for) come once a minute of the fake's clock; the
 * stream ends after `timeoutSeconds` of real time or of the fake's clock, whichever comes first.
 */
import type { KubeObject } from "./objects.js";
import type { KubeStore } from "./store.js";
import { statusFailure } from "./status.js";
import { streamingResponse } from "./streaming.js";

/** How often a watch re-reads, in real milliseconds. */
const TICK_MS = 100;
/** The API server's default watch timeout is 30–60 minutes; the fake's is the lower end. */
const DEFAULT_TIMEOUT_SECONDS = 1800;
const BOOKMARK_INTERVAL_MS = 60_000;

export interface WatchRequest {
  store: KubeStore;
  query: URLSearchParams;
  /** What the watch follows, read now (selectors applied). */
  read: () => KubeObject[];
  /** The object each event carries (a Table row under `as=Table`); `first` is the stream's first event. */
  encode: (object: KubeObject, first: boolean) => unknown;
  /** Objects the watch follows that were removed after `version` (their last state). */
  removedSince: (version: number) => KubeObject[];
  /** What a BOOKMARK event carries: an object of the watched kind with only its resourceVersion. */
  bookmark: (resourceVersion: string) => unknown;
  signal: AbortSignal;
}

export function isWatch(query: URLSearchParams): boolean {
  const watch = query.get("watch");
  return watch === "true" || watch === "1";
}

export function watchResponse(watch: WatchRequest): Response {
  const { store, query } = watch;
  const timeoutSeconds = query.get("timeoutSeconds") === null ? DEFAULT_TIMEOUT_SECONDS : Number(query.get("timeoutSeconds"));
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 0) return statusFailure(400, "BadRequest", `invalid value for timeoutSeconds: ${String(query.get("timeoutSeconds"))}`);
  const since = query.get("resourceVersion");
  const bookmarks = query.get("allowWatchBookmarks") === "true";
  const sent = new Map<string, { json: string; object: KubeObject }>();
  // A watch from a given resourceVersion continues from the list the client made: what changed
  // since then comes first (created → ADDED, written → MODIFIED, removed → DELETED). Without one
  // (or from "0") it starts with an ADDED event for everything that exists.
  const version = since === null || since === "" || since === "0" ? undefined : Number(since);
  if (version !== undefined && !Number.isInteger(version)) return statusFailure(400, "BadRequest", `invalid resourceVersion: ${String(since)}`);
  const removed = version === undefined ? [] : watch.removedSince(version);
  if (version !== undefined) {
    for (const object of [...watch.read(), ...removed]) {
      const created = store.createdAt.get(object.metadata.uid) ?? (removed.includes(object) ? 0 : undefined);
      if (created !== undefined && created > version) continue;
      const changed = created !== undefined && Number(object.metadata.resourceVersion) > version;
      // A changed object is remembered as the client has it: older, at `version`.
      sent.set(keyOf(object), changed ? { json: "", object: { ...object, metadata: { ...object.metadata, resourceVersion: String(version) } } } : { json: comparable(object), object });
    }
  }

  let stop = (): void => undefined;
  const events: UnderlyingDefaultSource<Uint8Array> = {
    start(controller) {
      const encoder = new TextEncoder();
      const startedMs = store.world.now();
      let bookmarkAtMs = startedMs;
      let first = true;
      let pending = false;
      const send = (type: string, object: unknown): void => controller.enqueue(encoder.encode(`${JSON.stringify({ type, object })}\n`));
      const event = (type: string, object: KubeObject): void => {
        send(type, watch.encode(object, first));
        first = false;
      };
      const sync = (): void => {
        pending = false;
        const seen = new Set<string>();
        for (const object of watch.read()) {
          const key = keyOf(object);
          seen.add(key);
          const json = comparable(object);
          const previous = sent.get(key);
          if (previous?.json === json) continue;
          if (previous && previous.object.metadata.resourceVersion === object.metadata.resourceVersion) object.metadata.resourceVersion = restamp(store, object);
          sent.set(key, { json, object });
          event(previous ? "MODIFIED" : "ADDED", object);
        }
        for (const [key, previous] of sent) {
          if (seen.has(key)) continue;
          sent.delete(key);
          event("DELETED", { ...previous.object, metadata: { ...previous.object.metadata, resourceVersion: store.currentVersion() } });
        }
        const now = store.world.now();
        if (bookmarks && now - bookmarkAtMs >= BOOKMARK_INTERVAL_MS) {
          bookmarkAtMs = now;
          send("BOOKMARK", watch.bookmark(store.currentVersion()));
        }
        if (now - startedMs >= timeoutSeconds * 1000) stop();
      };
      const onChange = (): void => {
        if (pending) return;
        pending = true;
        queueMicrotask(sync);
      };
      const tick = setInterval(sync, TICK_MS);
      const timeout = setTimeout(() => stop(), timeoutSeconds * 1000);
      tick.unref?.();
      timeout.unref?.();
      store.onChange.add(onChange);
      let stopped = false;
      stop = () => {
        if (stopped) return;
        stopped = true;
        clearInterval(tick);
        clearTimeout(timeout);
        store.onChange.delete(onChange);
        watch.signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // The client went away first; the stream is already cancelled.
        }
      };
      watch.signal.addEventListener("abort", stop);
      sync();
    },
    cancel() {
      stop();
    },
  };
  return streamingResponse(events, { status: 200, headers: { "content-type": "application/json", "transfer-encoding": "chunked" } });
}

const keyOf = (object: KubeObject): string => `${object.metadata.namespace ?? ""}/${object.metadata.name}/${object.metadata.uid}`;

/** The object without its resourceVersion, to tell a real change from a re-read. */
function comparable(object: KubeObject): string {
  return JSON.stringify({ ...object, metadata: { ...object.metadata, resourceVersion: undefined } });
}

/** A new resourceVersion for an object whose state moved on the fake's clock, kept in the store. */
function restamp(store: KubeStore, object: KubeObject): string {
  const version = store.bumpVersion();
  const plural = { Pod: "pods", Deployment: "deployments", ReplicaSet: "replicasets" }[object.kind];
  const stored = plural ? store.get({ plural }, object.metadata.namespace, object.metadata.name) : undefined;
  if (stored) stored.metadata.resourceVersion = version;
  return version;
}
