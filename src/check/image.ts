/**
 * The image a check is about: `repo:tag`, `repo@sha256:…`, or the same behind the registry's login
 * server. Parsed before any request, so a malformed image is an input error, not a failed check.
 */
import { AksAcrError } from "../errors.js";
import { ImageRefSyntaxError, parseRepositoryImage } from "../registry/imageRef.js";

export interface CheckedImage {
  /** The host the image names, lower-cased; undefined when it names none (then it is the registry's). */
  host: string | undefined;
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseCheckedImage(image: string, operation: string): CheckedImage {
  const slash = image.indexOf("/");
  const first = slash < 0 ? "" : image.slice(0, slash);
  const hasHost = first.includes(".") || first.includes(":") || first === "localhost";
  try {
    const parsed = parseRepositoryImage(hasHost ? image.slice(slash + 1) : image);
    return { host: hasHost ? first.toLowerCase() : undefined, ...parsed };
  } catch (error) {
    if (!(error instanceof ImageRefSyntaxError)) throw error;
    throw new AksAcrError("InvalidInput", {
      operation,
      scope: JSON.stringify(image),
      reason: error.message,
      fix: 'Pass the image as "repo:tag" (e.g. "nginx:v1"), "repo@sha256:…", or with the registry\'s login server in front',
    });
  }
}

/** `repo:tag` or `repo@digest`. */
export function imageText(image: CheckedImage): string {
  return image.digest ? `${image.repository}@${image.digest}` : `${image.repository}:${image.tag ?? "latest"}`;
}

/** The full reference a node pulls: `<loginServer>/repo:tag`. */
export function pullReference(image: CheckedImage, loginServer: string): string {
  return `${image.host ?? loginServer}/${imageText(image)}`;
}
