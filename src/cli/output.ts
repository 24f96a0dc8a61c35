/**
 * Prints a command's result the way az does: `-o json|jsonc|table|tsv|yaml|none`, after `--query`
 * (JMESPath) when given. Values are the command's JSON result, so every format shows the same data.
 */
import { search, type JSONValue } from "@jmespath-community/jmespath";
import type { OutputFormat } from "./globalOptions.js";
import { formatFields, formatTable } from "./table.js";

export interface OutputRequest {
  output: OutputFormat;
  query?: string;
  /** The colour of jsonc: only on a terminal, and never with NO_COLOR set. */
  color?: boolean;
}

/**
 * The text to print for `value` (`undefined`: print nothing). `table` is the command's own table,
 * used when no query reshaped the value; a query's result is tabulated generically, as az does.
 */
export async function formatOutput(value: unknown, request: OutputRequest, table: () => string): Promise<string | undefined> {
  const json = JSON.parse(JSON.stringify(value ?? null)) as JSONValue;
  const data = request.query === undefined ? json : search(json, request.query);
  switch (request.output) {
    case "none":
      return undefined;
    case "json":
      return JSON.stringify(data, null, 2);
    case "jsonc":
      return request.color ? colorJson(data) : JSON.stringify(data, null, 2);
    case "yaml": {
      const { dumpYaml } = await import("@kubernetes/client-node");
      return dumpYaml(data).trimEnd();
    }
    case "tsv":
      return formatTsv(data);
    case "table":
      return request.query === undefined ? table() : genericTable(data);
  }
}

/**
 * az's tsv: one line per array element, an object's scalar values tab-separated in key order, a
 * scalar as itself (a string without quotes); so `--query id -o tsv` gives a value a script can use.
 */
export function formatTsv(data: JSONValue): string {
  const rows = Array.isArray(data) ? data : [data];
  return rows.map((row) => (isObject(row) ? Object.values(row).map(tsvCell).join("\t") : tsvCell(row))).join("\n");
}

function tsvCell(value: JSONValue): string {
  if (value === null) return "";
  if (Array.isArray(value)) return String(value.length);
  if (isObject(value)) return "";
  return String(value);
}

/** A query's result as a table: objects as columns of their scalar fields, a list of scalars one per line. */
function genericTable(data: JSONValue): string {
  if (Array.isArray(data) && data.every(isObject) && data.length > 0) {
    const headers = [...new Set(data.flatMap((row) => Object.keys(row).filter((key) => !isObject(row[key] ?? null))))];
    return formatTable(headers.map(titleOf), data.map((row) => headers.map((key) => tsvCell(row[key] ?? null))));
  }
  if (isObject(data)) return formatFields(Object.entries(data).filter(([, v]) => !isObject(v)).map(([key, v]) => [titleOf(key), tsvCell(v)]));
  return formatTsv(data);
}

function titleOf(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
}

function isObject(value: JSONValue): value is { [key: string]: JSONValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const COLORS = { key: "\x1b[94m", string: "\x1b[32m", literal: "\x1b[36m", reset: "\x1b[0m" };

/** Indented JSON with keys, strings and literals coloured, as az's jsonc. */
function colorJson(data: JSONValue): string {
  return JSON.stringify(data, null, 2).replace(/("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (match, text: string | undefined, colon: string | undefined) => {
    if (text !== undefined) return colon ? `${COLORS.key}${text}${COLORS.reset}${colon}` : `${COLORS.string}${text}${COLORS.reset}`;
    return `${COLORS.literal}${match}${COLORS.reset}`;
  });
}
