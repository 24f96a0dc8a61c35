/**
 * What still differs between each recorded exchange and the fake's answer to the same request,
 * line by line as compare.ts words it. docs/fake-known-differences.md lists each line and why.
 */
export const KNOWN_DIFFERENCES: Record<string, string[]> = {};
