import { http, HttpResponse, type HttpHandler } from "msw";
import { findSourceRegistry } from "../../fakes/world/catalogue.js";

/** The digest docker.io's `repository:tag` has in the fake's import catalogue. */
export function dockerHubDigest(repository: string, tag: string): string | undefined {
  return findSourceRegistry("docker.io")?.repositories.get(repository)?.tags.get(tag);
}

/**
 * Docker Hub's registry API for the fake's catalogue (the fake models only what ARM's import copies
 * from it): a manifest HEAD answers 401 with a Bearer challenge, auth.docker.io an anonymous token,
 * then the manifest's `Docker-Content-Digest`; `onHead` counts the HEADs.
 */
export function dockerHubHandlers(onHead: () => void = () => undefined): HttpHandler[] {
  return [
    http.head("https://registry-1.docker.io/v2/*", ({ request }) => {
      onHead();
      const [, repository = "", tag = ""] = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(new URL(request.url).pathname) ?? [];
      if (request.headers.get("authorization") !== "Bearer anonymous-pull-token") {
        return new HttpResponse(null, { status: 401, headers: { "www-authenticate": `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:${repository}:pull"` } });
      }
      const digest = dockerHubDigest(repository, tag);
      return digest ? new HttpResponse(null, { status: 200, headers: { "docker-content-digest": digest } }) : new HttpResponse(null, { status: 404 });
    }),
    http.get("https://auth.docker.io/token", ({ request }) =>
      new URL(request.url).searchParams.get("service") === "registry.docker.io" ? HttpResponse.json({ token: "anonymous-pull-token" }) : new HttpResponse(null, { status: 400 }),
    ),
  ];
}
