/**
 * Kubernetes' own rules for label keys and values (apimachinery `IsQualifiedName` and
 * `IsValidLabelValue`), checked before any request so a bad label is an `InvalidInput` naming it,
 * not a 422 from the API server (or, worse, a Deployment whose pods never match its selector).
 */

const NAME_PART = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid label key, or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !DNS_SUBDOMAIN.test(prefix)) {
    return `label key "${key}": its prefix must be a DNS subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)`;
  }
  if (!NAME_PART.test(name)) {
    return `label key "${key}": its name must be 1–63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is. */
export function labelValueProblem(key: string, value: unknown): string | undefined {
  if (typeof value !== "string") return `label "${key}": its value must be a string, not ${typeof value}`;
  if (value !== "" && !NAME_PART.test(value)) {
    return `label "${key}" value "${value}": a label value is empty or 1–63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** The first problem of a label map, or undefined when every key and value is valid. */
export function labelsProblem(labels: unknown, where: string): string | undefined {
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) return `${where} must be an object of label keys to string values`;
  for (const [key, value] of Object.entries(labels)) {
    const problem = labelKeyProblem(key) ?? labelValueProblem(key, value);
    if (problem) return `${where}: ${problem}`;
  }
  return undefined;
}

/**
 * Why `selector` is not a valid label selector (`app=web,tier!=db,env in (a,b),!legacy`), or
 * undefined when it is: each requirement's key and values by the rules above.
 */
export function selectorProblem(selector: unknown): string | undefined {
  if (typeof selector !== "string") return `a label selector is a string such as "app=web", not ${typeof selector}`;
  const requirements = selector.split(/,(?![^(]*\))/).map((part) => part.trim());
  if (selector.trim() === "") return undefined;
  for (const requirement of requirements) {
    const set = /^(!)?\s*([^\s!=(),]+)\s*(?:(==|=|!=)\s*([^\s!=(),]*)|\s+(in|notin)\s*\(([^)]*)\))?$/.exec(requirement);
    if (!set) return `label selector "${selector}": "${requirement}" is not a requirement (key, !key, key=value, key!=value, key in (a,b), key notin (a,b))`;
    const [, negated, key = "", operator, value, setOperator, values] = set;
    if (negated && (operator || setOperator)) return `label selector "${selector}": "${requirement}" negates a key that also has an operator`;
    const problem =
      labelKeyProblem(key) ??
      (operator ? labelValueProblem(key, value ?? "") : undefined) ??
      (setOperator ? (values ?? "").split(",").map((v) => labelValueProblem(key, v.trim())).find((p) => p !== undefined) : undefined);
    if (problem) return `label selector "${selector}": ${problem}`;
  }
  return undefined;
}
