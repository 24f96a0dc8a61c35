/**
 * Label keys and values, checked as apimachinery's validation does, with its messages: a key is an
 * optional DNS-subdomain prefix and `/`, then a name of at most 63 characters; a value is empty or
 * at most 63 characters of the same alphabet.
 */

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What is wrong with a label key, or undefined when it is valid. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
  if (prefix !== undefined) {
    if (prefix.length === 0) return "prefix part must be non-empty";
    if (prefix.length > 253) return "prefix part must be no more than 253 characters";
    if (!DNS_SUBDOMAIN.test(prefix)) {
      return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    }
  }
  if (name.length === 0) return "name part must be non-empty";
  if (name.length > 63) return "name part must be no more than 63 characters";
  if (!NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  }
  return undefined;
}

/** What is wrong with a label value, or undefined when it is valid. */
export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return "must be no more than 63 characters";
  if (!VALUE.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  }
  return undefined;
}

/** `field: Invalid value: "x": why` for each bad key or value of a label map. */
export function labelMapErrors(labels: unknown, field: string): { field: string; message: string }[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== "object" || Array.isArray(labels)) return [{ field, message: `${field}: Invalid value: ${JSON.stringify(labels)}: must be a map of strings` }];
  const errors: { field: string; message: string }[] = [];
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    const keyError = labelKeyError(key);
    if (keyError) errors.push({ field, message: `${field}: Invalid value: ${JSON.stringify(key)}: ${keyError}` });
    const valueError = typeof value === "string" ? labelValueError(value) : "must be a string";
    if (valueError) errors.push({ field, message: `${field}: Invalid value: ${JSON.stringify(value)}: ${valueError}` });
  }
  return errors;
}
